#!/usr/bin/env bash
# The test command: installs what the tests need, then runs the gates and the
# whole test suite. Usage: bash tests/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# Tools the tests shell out to (Debian packages): xmllint validates exported
# XLIFF/TMX against the official schemas, chromium renders the built site,
# OmegaT 3.6 translates an XLIFF 1.2 export in console mode (tests/integration/roundtrip.rs).
need=()
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v omegat >/dev/null 2>&1 || need+=(omegat)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing: ${need[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "warning: missing ${need[*]} (install them as root: apt-get install ${need[*]})" >&2
  fi
fi

cargo fmt --all -- --check
cargo clippy --all-targets -- -D warnings
# Unit, integration, CLI and doc tests (benchmarks run separately: see BENCHMARKS.md).
cargo test
