#!/usr/bin/env bash
# Every row of issue #13's target table in one run, with the machine's load
# before each part: the persistent index (bench/tm_index.sh: lookups,
# export, concordance, tm import of the 1M-unit TMX), `diglot pretranslate`
# against translate-toolkit (bench/ttk_pretranslate.sh) and `diglot build`
# against Hugo at 1,000 and 10,000 statements (bench/site_vs_hugo.sh), the
# site build timed twice: output on the disk and output on tmpfs.
#
# usage: bench/issue13.sh [SITE_RUNS]      (default 3 timed runs per size)
# env: TM_RUNS (runs per timed index command, default 3), SKIP_TMPFS=1.
# Needs what the three scripts need: python3, GNU time, hugo
# (apt-get install hugo); translate-toolkit is installed into target/.
set -euo pipefail
cd "$(dirname "$0")/.."
SITE_RUNS="${1:-3}"
load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "### issue #13 benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, commit $(git rev-parse --short HEAD)"
cargo build --release --quiet
echo
echo "## 1. persistent index (bench/tm_index.sh) — load $(load)"
bash bench/tm_index.sh --runs "${TM_RUNS:-3}"
echo
echo "## 2. pretranslate vs translate-toolkit (bench/ttk_pretranslate.sh) — load $(load)"
bash bench/ttk_pretranslate.sh
echo
echo "## 3a. build vs Hugo, output on the disk (bench/site_vs_hugo.sh) — load $(load)"
bash bench/site_vs_hugo.sh "$SITE_RUNS"
if [ -z "${SKIP_TMPFS:-}" ] && [ -d /dev/shm ]; then
  echo
  echo "## 3b. build vs Hugo, output on tmpfs (OUT_ROOT=/dev/shm) — load $(load)"
  OUT_ROOT=/dev/shm bash bench/site_vs_hugo.sh "$SITE_RUNS"
fi
echo
echo "### done $(date -u +%H:%MZ), load $(load)"
