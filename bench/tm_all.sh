#!/usr/bin/env bash
# Every translation-memory figure of BENCHMARKS.md in one run:
#   1. the real command line: `diglot tm import` of the Canadian Acts
#      (111,564 pairs) and of Tatoeba (142,787) into a new project, then
#      `diglot tm lookup` (reads the imported reference memories, indexes
#      them, looks one sentence up), with wall, CPU time and peak memory;
#   2. the engine (bench/tm.sh): Acts load + index, 2,000 held-out and 2,000
#      one-word-edit lookups, recall against the exhaustive scan, the
#      1,000,000-unit memory, peak memory;
#   3. translate-toolkit against `diglot pretranslate` (bench/ttk_pretranslate.sh):
#      speed-up and recall per category.
# Usage: bench/tm_all.sh [--skip-ttk]
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-../shared/data/parallel}
ACTS=$(realpath "$DATA/canada-federal-acts-en-fr/canada-acts.en-fr.tsv")
TATOEBA=$(realpath "$DATA/tatoeba-fra-eng-2017/fra.txt")
cargo build --release --quiet
DIGLOT=$PWD/target/release/diglot
PROJECT=$(mktemp -d)
trap 'rm -rf "$PROJECT"' EXIT

timed() { # label, command...
  local label=$1
  shift
  /usr/bin/time -f "$label: %e s wall, %U s user, %S s system, peak %M KB" "$@"
}

echo "== 1. command line (project in $PROJECT; load average: $(cut -d' ' -f1-3 /proc/loadavg))"
"$DIGLOT" init -q "$PROJECT"
REPO=$PWD
cd "$PROJECT"
timed "tm import, Acts" "$DIGLOT" tm import "$ACTS"
QUERY="The Minister may, by order, amend Schedule 1 by adding or deleting the name of any body."
for i in 1 2 3; do
  timed "tm lookup against the Acts (load + index 111,564 units + 1 lookup), run $i" \
    "$DIGLOT" tm lookup --min 50 "$QUERY" >/dev/null
done
timed "tm import, Tatoeba" "$DIGLOT" tm import "$TATOEBA"
for i in 1 2; do
  timed "tm lookup against Acts + Tatoeba (254,216 units), run $i" \
    "$DIGLOT" tm lookup --min 50 "$QUERY" >/dev/null
done
cd "$REPO"

echo "== 2. engine (bench/tm.sh)"
bash bench/tm.sh

if [ "${1:-}" != "--skip-ttk" ]; then
  echo "== 3. translate-toolkit against diglot pretranslate (bench/ttk_pretranslate.sh)"
  bash bench/ttk_pretranslate.sh
fi
