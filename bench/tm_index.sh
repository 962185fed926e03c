#!/usr/bin/env bash
# The persistent index through the binary, every row of issue #13 in one run:
# cold processes (a new `diglot` each time), the index already built by the
# import, wall time (median of --runs) and peak RSS of each command.
#
# Usage: bench/tm_index.sh [--units N] [--runs N] [--data DIR] [--work DIR]
#   --units  size of the large memory (default 1000000)
#   --runs   runs per timed command (default 5)
#   --data   ../shared/data/parallel by default
#   --work   scratch folder (default target/bench-tm-index; the 1M-unit TMX is
#            kept there between runs: delete it to regenerate)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
units=1000000
runs=5
data="$repo/../shared/data/parallel"
work="$repo/target/bench-tm-index"
while [ $# -gt 0 ]; do
  case "$1" in
    --units) units=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
cargo build --release --quiet
bin="$repo/target/release/diglot"
mkdir -p "$work"
acts="$data/canada-federal-acts-en-fr/canada-acts.en-fr.tsv"
big="$work/big-$units.tmx"
[ -s "$big" ] || python3 bench/gen_tmx.py --units "$units" --out "$big" --data "$data" >/dev/null

echo "# diglot persistent-index benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $(git -C "$repo" rev-parse --short HEAD), memory of $units units ($(du -hL "$big" | cut -f1) TMX)"

# time_cmd LABEL DIR CMD...: run CMD in DIR $runs times; print the median
# wall time and the largest peak RSS.
time_cmd() {
  local label=$1 dir=$2; shift 2
  local walls=() rss=0 out
  for _ in $(seq "$runs"); do
    out=$(cd "$dir" && /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1)
    walls+=("${out% *}")
    local r=${out#* }
    [ "$r" -gt "$rss" ] && rss=$r
  done
  local med
  med=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-52s %8.3f s  %7d MB peak\n' "$label" "$med" "$((rss / 1024))"
}

# once LABEL DIR CMD...: one timed run (imports).
once() {
  local label=$1 dir=$2; shift 2
  local out
  out=$(cd "$dir" && /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1)
  printf '%-52s %8.3f s  %7d MB peak\n' "$label" "${out% *}" "$((${out#* } / 1024))"
}

new_project() {
  rm -rf "$1"
  "$bin" init "$1" >/dev/null
  cp "$repo"/corpus/statements/*.md "$1/corpus/statements/"
}

q="The Minister may, by order, amend the schedule to add or delete the name of any agency."
conc="the Minister may"

# The Acts as a reference memory (111,564 units).
new_project "$work/acts"
once "tm import Acts TSV (111k units, with index)" "$work/acts" "$bin" tm import --lang fr "$acts"
time_cmd "tm lookup vs Acts (cold process)" "$work/acts" "$bin" tm lookup "$q"
time_cmd "tm concordance vs Acts" "$work/acts" "$bin" tm concordance "$conc"
time_cmd "export one statement vs Acts" "$work/acts" sh -c "rm -rf exchange && $bin export --lang fr --all >/dev/null"
time_cmd "analyze vs Acts" "$work/acts" "$bin" analyze

# The large memory.
new_project "$work/big"
once "tm import $units-unit TMX (with index)" "$work/big" "$bin" tm import "$big"
time_cmd "tm lookup vs $units units" "$work/big" "$bin" tm lookup "$q"
time_cmd "export one statement (--all) vs $units units" "$work/big" sh -c "rm -rf exchange && $bin export --lang fr --all >/dev/null"
time_cmd "tm concordance vs $units units" "$work/big" "$bin" tm concordance "$conc"
time_cmd "tm concordance --target vs $units units" "$work/big" "$bin" tm concordance --target "le ministre peut"

# Without the cache (what every command paid before the persistent index).
rm -rf "$work/big/corpus/memory/.cache"
once "tm lookup vs $units units, cache deleted (rebuilds it)" "$work/big" "$bin" tm lookup "$q"
time_cmd "tm lookup vs $units units, cache rebuilt" "$work/big" "$bin" tm lookup "$q"
