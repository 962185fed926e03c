#!/usr/bin/env bash
# Compare translate-toolkit's `pretranslate` with diglot's matching engine on
# the same data: an XLIFF 1.2 file of 2,000 Acts segments (200 exact copies of
# TM units, among them segments over 1,000 characters; 500 one-word edits;
# 1,300 new) against 5,000- and 20,000-unit TMs (TMX for translate-toolkit,
# the same units as TSV for diglot). Prints times, speed-ups and recall per
# category. translate-toolkit (with rapidfuzz) is installed from PyPI into
# target/ttk-venv.
#
# Both sides are the real command lines, timed the same way and scored by the
# same script: `pretranslate` (translate-toolkit) and diglot in two ways
# (release build):
#
# - `diglot pretranslate --no-project --tm TMX`: the TMX parsed and indexed
#   on every run, as translate-toolkit does;
# - `diglot pretranslate` in a project where the same TMX was imported once
#   (`diglot tm import`, untimed): the memory read from its persistent index
#   ("index already built", as issue #13's table measures every row).
#
# benches/tm_ttk.rs times the library alone.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-../shared/data/parallel}
OUT=target/ttk-bench
mkdir -p "$OUT"
if [ ! -x target/ttk-venv/bin/pretranslate ]; then
  python3 -m venv target/ttk-venv
  # rapidfuzz: translate-toolkit's fast fuzzy matcher (without it, it falls
  # back to a pure-Python one many times slower).
  target/ttk-venv/bin/pip install -q translate-toolkit rapidfuzz
fi
python3 bench/ttk_data.py --acts "$DATA/canada-federal-acts-en-fr/canada-acts.en-fr.tsv" --out "$OUT"
declare -A TTK
for n in 5000 20000; do
  start=$(date +%s.%N)
  # The input is also given as template: without one, pretranslate 3.x
  # fails on XLIFF ('NoneType' object has no attribute 'findunit').
  target/ttk-venv/bin/pretranslate --progress=none --tm="$OUT/tm$n.tmx" \
    -t "$OUT/queries.xlf" "$OUT/queries.xlf" "$OUT/ttk$n.xlf" >/dev/null 2>&1
  end=$(date +%s.%N)
  TTK[$n]=$(echo "$end - $start" | bc)
  printf 'translate-toolkit, %s-unit TM: %.3f s; ' "$n" "${TTK[$n]}"
  python3 bench/ttk_score.py "$OUT/ttk$n.xlf" "$OUT/queries.tsv"
done
cargo build --release --quiet
# diglot runs in well under a second, where one run's time swings by tens of
# per cent with the machine's load: it is run RUNS times (default 7) and
# the median is used (minimum and maximum printed too). translate-toolkit,
# at 6-40 s a run, is timed once.
RUNS=${RUNS:-7}
# timed LABEL DIR CMD...: run CMD in DIR RUNS times; print LABEL with the
# median (also left in $median), minimum and maximum.
timed() {
  local label=$1 dir=$2; shift 2
  local times=() start end sorted
  for _ in $(seq "$RUNS"); do
    start=$(date +%s.%N)
    (cd "$dir" && "$@")
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -g)
  median=$(echo "$sorted" | sed -n "$(( (RUNS + 1) / 2 ))p")
  printf '%s: %.3f s median of %s runs (min %.3f s, max %.3f s); ' "$label" "$median" \
    "$RUNS" "$(echo "$sorted" | head -1)" "$(echo "$sorted" | tail -1)"
}
BIN="$PWD/target/release/diglot"
OUTA="$PWD/$OUT"
declare -A DIG
for n in 5000 20000; do
  timed "diglot, $n-unit TM" . "$BIN" pretranslate --no-project --quiet --tm "$OUTA/tm$n.tmx" \
    "$OUTA/queries.xlf" --out "$OUTA/diglot$n.xlf"
  DIG[$n]=$median
  python3 bench/ttk_score.py "$OUT/diglot$n.xlf" "$OUT/queries.tsv"
done
# The same TMX imported into a project once; its index is built by the
# import. Each run then reads it from the index.
declare -A IDX
for n in 5000 20000; do
  P="$OUTA/project$n"
  rm -rf "$P"
  "$BIN" init --quiet "$P"
  (cd "$P" && "$BIN" tm import --quiet "../tm$n.tmx")
  timed "diglot, $n-unit TM imported (persistent index)" "$P" "$BIN" pretranslate --quiet \
    ../queries.xlf --out "../diglot-index$n.xlf"
  IDX[$n]=$median
  python3 bench/ttk_score.py "$OUT/diglot-index$n.xlf" "$OUT/queries.tsv"
done
for n in 5000 20000; do
  printf 'speed-up (median), %s-unit TM: --tm %.0fx, imported (index) %.0fx\n' "$n" \
    "$(echo "${TTK[$n]} / ${DIG[$n]}" | bc -l)" "$(echo "${TTK[$n]} / ${IDX[$n]}" | bc -l)"
done
