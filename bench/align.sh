#!/usr/bin/env bash
# Alignment benchmark (issue #15): generates the EN–FR benchmark of
# shared/data/alignment/ into target/ (never committed), runs `diglot align`
# (release build) in presplit mode with the held-out TM imported into a
# project and without any memory, and in raw mode (diglot segments, with
# and without memory), scores
# each with score.py and prints every target figure.
#
#   bench/align.sh                 # seed 20261206 (the published benchmark)
#   SEED=7 bench/align.sh          # another seed (generality check)
#   THREADS=1 bench/align.sh       # speed on one core
#
# The model learned from the TM is cached in the project's memory folder
# (.cache/align-en-fr.model.json): the first run below learns it, the
# others read it; the timing section at the end shows both.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BENCH=${BENCH:-$ROOT/../../shared/data/alignment}
[ -d "$BENCH" ] || BENCH=/work/shared/data/alignment
SEED=${SEED:-20261206}
WORK=$ROOT/target/align-bench/seed-$SEED
DATA=$WORK/data
OUT=$WORK/out
THREADS=${THREADS:-2}
THRESHOLDS=${THRESHOLDS:-0.3,0.4,0.5,0.6,0.7,0.8,0.9}

cargo build --release --quiet
DIGLOT=$ROOT/target/release/diglot

if [ ! -f "$DATA/MANIFEST.sha256" ]; then
  python3 "$BENCH/gen_bench.py" --out "$DATA" --seed "$SEED" >/dev/null
fi
rm -rf "$OUT" "$WORK/project"
mkdir -p "$OUT"

# A project whose memory is the held-out TM (a reference memory).
"$DIGLOT" -q init "$WORK/project" >/dev/null
"$DIGLOT" -q -C "$WORK/project" tm import "$DATA/tm/tm.en-fr.tsv" --lang fr

# JSON alignments -> score.py's bead files (and segment files for raw mode).
to_beads() {
  python3 - "$1" "$2" <<'PY'
import json, os, sys
src, dst = sys.argv[1], sys.argv[2]
for sub in ("", "en", "fr"):
    os.makedirs(os.path.join(dst, sub), exist_ok=True)
for f in sorted(os.listdir(src)):
    if not f.endswith(".json"):
        continue
    d = json.load(open(os.path.join(src, f), encoding="utf-8"))
    doc = f[:-5]
    with open(os.path.join(dst, doc + ".txt"), "w", encoding="utf-8") as fh:
        for b in d["beads"]:
            fh.write("[%s]:[%s]:%s\n" % (",".join(map(str, b["source"])),
                                         ",".join(map(str, b["target"])), b["confidence"]))
    for side, key in (("en", "source"), ("fr", "target")):
        with open(os.path.join(dst, side, doc + ".txt"), "w", encoding="utf-8") as fh:
            for s in d[key]:
                fh.write(s["text"] + "\n")
PY
}

run() { # label, extra args...
  local label=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  RAYON_NUM_THREADS=$THREADS "$DIGLOT" -q "$@" --format json --out "$OUT/$label.json.d"
  t1=$(date +%s.%N)
  echo "$label: $(python3 -c "print(f'{$t1-$t0:.3f}')") s wall on $THREADS thread(s) (load $(cut -d' ' -f1-3 /proc/loadavg))"
  to_beads "$OUT/$label.json.d" "$OUT/$label"
}

echo "== diglot align, benchmark seed $SEED =="
run presplit-tm -C "$WORK/project" align --batch "$DATA/presplit/en" "$DATA/presplit/fr" --presplit
run presplit-nomem -C "$WORK/project" align --no-memory --batch "$DATA/presplit/en" "$DATA/presplit/fr" --presplit
run raw-tm -C "$WORK/project" align --batch "$DATA/raw/en" "$DATA/raw/fr"
run raw-nomem -C "$WORK/project" align --no-memory --batch "$DATA/raw/en" "$DATA/raw/fr"

SEGS=$(cat "$DATA"/presplit/en/*.txt | wc -l)
SEGF=$(cat "$DATA"/presplit/fr/*.txt | wc -l)
echo "segments: $SEGS EN + $SEGF FR"
echo
python3 "$BENCH/score.py" -d "$DATA" -t "$OUT/presplit-tm" --label "presplit, with the TM" --thresholds "$THRESHOLDS"
python3 "$BENCH/score.py" -d "$DATA" -t "$OUT/presplit-nomem" --label "presplit, no memory"
python3 "$BENCH/score.py" -d "$DATA" -t "$OUT/raw-tm" --segs "$OUT/raw-tm" --label "raw (diglot segments), with the TM"
python3 "$BENCH/score.py" -d "$DATA" -t "$OUT/raw-nomem" --segs "$OUT/raw-nomem" --label "raw (diglot segments), no memory"

# Speed of the aligner alone (no memory to load), one thread.
t0=$(date +%s.%N)
RAYON_NUM_THREADS=1 "$DIGLOT" -q -C "$WORK/project" align --no-memory --batch "$DATA/presplit/en" "$DATA/presplit/fr" --presplit --format json --out "$OUT/speed.d"
t1=$(date +%s.%N)
python3 -c "
s=$t1-$t0; n=($SEGS+$SEGF)/2
print(f'speed, 1 thread, no memory, whole command: {s:.3f} s = {n/s:,.0f} segment pairs/s')"

# The 200 raw documents on $THREADS threads, whole command (wall, user and
# system time): without memory, with the TM when the model learned from it
# is not cached yet (learning it), and when it is (every later run).
timed() { # label, args...
  local label=$1; shift
  /usr/bin/time -f "$label: %e s wall, %U s user + %S s sys, %M KB max RSS" \
    env RAYON_NUM_THREADS=$THREADS "$DIGLOT" -q -C "$WORK/project" align "$@" \
    --batch "$DATA/raw/en" "$DATA/raw/fr" --format json --out "$OUT/timed.d"
}
echo "batch timing, raw, $THREADS thread(s) (load $(cut -d' ' -f1-3 /proc/loadavg)):"
timed "  no memory" --no-memory
rm -f "$WORK/project/corpus/memory/.cache/align-en-fr.model.json"
timed "  with the TM, model learned" 
timed "  with the TM, model cached"
echo "(load $(cut -d' ' -f1-3 /proc/loadavg))"
