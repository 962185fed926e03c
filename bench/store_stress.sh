#!/usr/bin/env bash
# Store safety under concurrency and kill -9, through the binary (issue #12):
#   1. concurrent imports: N `diglot import` runs at once, each of a disjoint
#      part of the shipped statement's units, into the same memory; a trial
#      passes when every run exits 0 and all 39 units arrive (the union);
#   2. kill -9 during `diglot import` (the shipped memory, 39 units) at a
#      random moment: the memory must be byte for byte the old or the new one;
#   3. kill -9 during `diglot tm import` of a 20,000-pair TSV over an older
#      20,000-unit reference memory (a write window of tens of ms): the
#      reference memory must be the old or the new one; a later run removes
#      the temporary files the killed ones left.
# Usage: bench/store_stress.sh [TRIALS (default 50)] [N (default 8)]
# DIGLOT=path/to/diglot to test a given binary (default: a release build).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
trials=${1:-50}
n=${2:-8}
if [ -z "${DIGLOT:-}" ]; then
  cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
  DIGLOT=$repo/target/release/diglot
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
proj=$work/p
mkdir -p "$proj"
cp -r "$repo/diglot.toml" "$repo/corpus" "$repo/locales" "$repo/theme" "$proj/"
mem=$proj/corpus/memory/fr.xlf
cp "$mem" "$work/orig.xlf"
(cd "$proj" && "$DIGLOT" -q export --lang fr --all --out "$work/ex")
xlf=$(ls "$work"/ex/*.xlf)

# Split the exported units into N files whose targets are PREFIX + source.
split() { # prefix
  python3 - "$xlf" "$work/parts" "$n" "$1" <<'PY'
import re, sys, os
src, out, n, prefix = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
xml = open(src, encoding="utf-8").read()
first = xml.index("    <unit"); end = xml.rindex("  </file>")
units = ["    <unit" + u for u in xml[first:end].split("    <unit") if u]
os.makedirs(out, exist_ok=True)
for k in range(n):
    text = xml[:first]
    for u in units[k::n]:
        u = re.sub(r"      <mtc:matches>.*?</mtc:matches>\n", "", u, flags=re.S)
        u = re.sub(r"<target>.*?</target>", "", u, flags=re.S)
        s = u.index("<source>") + 8; e = u.index("</source>")
        u = u[:e + 9] + "<target>" + prefix + u[s:e] + "</target>" + u[e + 9:]
        text += u.replace('state="initial"', 'state="final"')
    open(os.path.join(out, "part-%d.fr.xlf" % k), "w", encoding="utf-8").write(text + xml[end:])
PY
}

echo "== 1. $n concurrent imports of disjoint files, $trials trials ($DIGLOT)"
ok=0
for t in $(seq 1 "$trials"); do
  cp "$work/orig.xlf" "$mem"
  rm -rf "$work/parts"; split "T$t "
  pids=()
  for f in "$work"/parts/*.xlf; do
    (cd "$proj" && "$DIGLOT" -q import "$f" 2>>"$work/err.log") & pids+=($!)
  done
  fails=0
  for p in "${pids[@]}"; do wait "$p" || fails=$((fails + 1)); done
  arrived=$(grep -c "<target>T$t " "$mem" || true)
  if [ "$fails" = 0 ] && [ "$arrived" = 39 ] && (cd "$proj" && "$DIGLOT" -q validate "$mem" >/dev/null); then
    ok=$((ok + 1))
  else
    echo "trial $t: $fails failed run(s), $arrived/39 units arrived"
  fi
done
echo "concurrent imports: $ok/$trials trials with the union of all imports"

# kill -9 at a random moment in [0, T] where T is the run's own duration.
kill_trials() { # label, file to check, old copy, new copy, command...
  local label=$1 file=$2 old=$3 new=$4; shift 4
  local start end span ok=0 killed=0
  start=$(date +%s%N); (cd "$proj" && "$@" >/dev/null 2>&1) || true; end=$(date +%s%N)
  span=$(( (end - start) / 1000 + 1 ))
  for t in $(seq 1 "$trials"); do
    cp "$old" "$file"
    (cd "$proj" && exec "$@" >/dev/null 2>&1) & pid=$!
    sleep "$(awk -v r="$RANDOM" -v s="$span" 'BEGIN { printf "%.6f", (r / 32767) * s / 1e6 }')"
    if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
    wait "$pid" 2>/dev/null || true
    if cmp -s "$file" "$old" || cmp -s "$file" "$new"; then
      ok=$((ok + 1))
    else
      echo "trial $t: $file is neither the old nor the new one"
    fi
  done
  echo "$label: $ok/$trials trials old-or-new ($killed killed before exiting; run time ${span} µs)"
}

echo "== 2. kill -9 during import"
cp "$work/orig.xlf" "$mem"; rm -rf "$work/parts"; n=1 split "K "
(cd "$proj" && "$DIGLOT" -q import "$work/parts/part-0.fr.xlf")
cp "$mem" "$work/new.xlf"
kill_trials "kill -9 during import" "$mem" "$work/orig.xlf" "$work/new.xlf" \
  "$DIGLOT" -q import "$work/parts/part-0.fr.xlf"

echo "== 3. kill -9 during tm import (20,000 pairs)"
mkdir -p "$work/a" "$work/b"
awk 'BEGIN { for (i = 1; i <= 20000; i++) printf "Sentence number %d of the test memory.\tPhrase numéro %d de la mémoire.\n", i, i }' > "$work/a/big.tsv"
awk 'BEGIN { for (i = 1; i <= 20000; i++) printf "Sentence number %d of the test memory.\tPhrase n° %d de la mémoire, revue.\n", i, i }' > "$work/b/big.tsv"
ref=$proj/corpus/memory/reference/big.fr.xlf
(cd "$proj" && "$DIGLOT" -q tm import "$work/b/big.tsv"); cp "$ref" "$work/ref-new.xlf"
(cd "$proj" && "$DIGLOT" -q tm import "$work/a/big.tsv"); cp "$ref" "$work/ref-old.xlf"
kill_trials "kill -9 during tm import" "$ref" "$work/ref-old.xlf" "$work/ref-new.xlf" \
  "$DIGLOT" -q tm import "$work/b/big.tsv"
left=$(ls -a "$proj/corpus/memory/reference" | grep -c 'diglot-tmp' || true)
(cd "$proj" && "$DIGLOT" -q tm import "$work/b/big.tsv")
after=$(ls -a "$proj/corpus/memory/reference" | grep -c 'diglot-' || true)
echo "temporary files left by killed runs: $left; after one more run: $after"
