#!/usr/bin/env bash
# Compare diglot check with compare-locales (Mozilla's Fluent checker) on the
# same files:
#   1. the seeded Send pair (tests/fixtures/check/send): what each reports;
#   2. optionally a generated project (cargo bench --bench check with
#      DIGLOT_BENCH_DIR=DIR), Fluent files only: time of each.
# compare-locales is installed from PyPI into target/compare-locales-venv.
# Usage: bench/compare_locales.sh [DIR]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
venv=$repo/target/compare-locales-venv
version=9.0.5
if [ ! -x "$venv/bin/compare-locales" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "compare-locales==$version"
fi
cl=$venv/bin/compare-locales
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
diglot=$repo/target/release/diglot
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/l10n.toml" <<'TOML'
basepath = "."
locales = ["fr"]

[env]
    l = "{l10n_base}/{locale}/"

[[paths]]
    reference = "locales/en/*.ftl"
    l10n = "{l}*.ftl"
TOML

echo "== Send pair with seeded faults (tests/fixtures/check/send)"
cp -r "$repo/tests/fixtures/check/send/locales" "$work/"
set +e
(cd "$work" && "$cl" --json "$work/cl.json" l10n.toml locales fr >/dev/null)
cl_rc=$?
"$diglot" -C "$repo/tests/fixtures/check/send" check --format json >"$work/diglot.json"
dg_rc=$?
set -e
python3 - "$work/cl.json" "$work/diglot.json" "$cl_rc" "$dg_rc" <<'PY'
import json, sys
cl = json.load(open(sys.argv[1]))[0]
details = [e for es in cl["details"].values() for e in es]
count = lambda k: sum(1 for e in details if k in e)
dg = json.load(open(sys.argv[2]))["findings"]
rule = lambda r: sum(1 for f in dg if f["rule"] == r)
print(f"{'':24}{'compare-locales':>16}{'diglot':>8}")
for name, ck, dr in [("missing", "missingEntity", "fluent-missing"),
                     ("obsolete", "obsoleteEntity", "fluent-obsolete"),
                     ("syntax errors (junk)", "error", "fluent-syntax"),
                     ("dropped variables", "warning", "fluent-variables")]:
    print(f"{name:24}{count(ck):>16}{rule(dr):>8}")
print(f"{'exit code':24}{sys.argv[3]:>16}{sys.argv[4]:>8}")
PY

dir=${1:-${DIGLOT_BENCH_DIR:-}}
if [ -n "$dir" ] && [ -d "$dir/locales" ]; then
  echo "== Fluent files of $dir ($(cat "$dir"/locales/en/*.ftl | grep -c '^-\?[a-zA-Z][a-zA-Z0-9_-]* =') messages)"
  mkdir -p "$work/big/corpus/statements"
  cp -r "$dir/locales" "$dir/diglot.toml" "$work/l10n.toml" "$work/big/"
  cd "$work/big"
  t0=$(date +%s.%N); "$cl" -qqqq l10n.toml locales fr >/dev/null || true; t1=$(date +%s.%N)
  "$diglot" check --format json >/dev/null || true; t2=$(date +%s.%N)
  python3 -c "import sys; a,b,c=map(float,sys.argv[1:]); print(f'compare-locales {b-a:.2f} s, diglot check {c-b:.2f} s')" "$t0" "$t1" "$t2"
fi
