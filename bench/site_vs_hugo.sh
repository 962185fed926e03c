#!/usr/bin/env bash
# `diglot build` against Hugo 0.111 on the same bilingual content, at 1,000
# and 10,000 statements x 2 languages, in one run with the machine's load.
#
# usage: bench/site_vs_hugo.sh [RUNS] [BEFORE_BIN]
#   RUNS        timed runs per tool and size (default 5; one warm-up run more)
#   BEFORE_BIN  optional second diglot binary (e.g. a build of main), timed in
#               the same alternation, so before/after ratios share the load
# env: DIGLOT (default target/release/diglot, built if missing),
#      SIZES (default "1000 10000"),
#      SITES (default target/site-vs-hugo: generated sites, reused if present),
#      HUGO_COMPARE (default ../shared/bench/hugo-compare, else /work/shared/...),
#      TSV (default the Canadian Acts TSV of ../shared/data),
#      OUT_ROOT (default a fresh folder under $TMPDIR: where the timed builds
#      write; e.g. OUT_ROOT=/dev/shm to time both tools with their output on
#      tmpfs, see BENCHMARKS.md "Site build" on ext4 without a journal),
#      DELETE_BETWEEN (default 0: every timed build writes into a new folder
#      and all of them are removed when the script ends; 1: one folder,
#      removed after each build, as before 2026-12-06. On ext4 without a
#      journal, inodes freed in the last minutes are skipped, one by one, by
#      every inode allocation in their group, so removing thousands of files
#      between builds makes the next build's file creation quadratic in the
#      kernel for both tools: see BENCHMARKS.md)
# needs: hugo (Debian's 0.111: apt-get install hugo), GNU time, python3.
# Prints per size: median wall s, CPU s (user+sys), peak RSS MiB per tool, the
# median of the pairwise wall ratios to Hugo, and the load average before and
# after. Output folders are fresh per run and removed outside the timing
# (see DELETE_BETWEEN).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${1:-5}"; BEFORE="${2:-}"
[ -n "$BEFORE" ] && BEFORE="$(cd "$(dirname "$BEFORE")" && pwd)/$(basename "$BEFORE")"
DIGLOT="${DIGLOT:-$root/target/release/diglot}"
[ -x "$DIGLOT" ] || (cd "$root" && cargo build --release --quiet)
DIGLOT="$(cd "$(dirname "$DIGLOT")" && pwd)/$(basename "$DIGLOT")"
SIZES="${SIZES:-1000 10000}"
SITES="${SITES:-$root/target/site-vs-hugo}"
HC="${HUGO_COMPARE:-$root/../shared/bench/hugo-compare}"
[ -d "$HC" ] || HC=/work/shared/bench/hugo-compare
TSV="${TSV:-$(dirname "$HC")/../data/parallel/canada-federal-acts-en-fr/canada-acts.en-fr.tsv}"
command -v hugo >/dev/null || { echo "hugo not found (apt-get install hugo)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time not found (/usr/bin/time)" >&2; exit 2; }
mkdir -p "$SITES"; SITES="$(cd "$SITES" && pwd)"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp" "${outdir:-}"' EXIT
outdir="$(mktemp -d -p "${OUT_ROOT:-$tmp}")"
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
DELETE_BETWEEN="${DELETE_BETWEEN:-0}"
seq_no=0
next_out() {  # the output folder of the next timed build
    if [ "$DELETE_BETWEEN" = 1 ]; then
        out="$outdir/out"
    else
        seq_no=$((seq_no + 1)); out="$outdir/out$seq_no"
    fi
}
run() {  # name dir cmd... -> "wall cpu rss_kib"
    local dir="$1"; shift
    [ "$DELETE_BETWEEN" = 1 ] && rm -rf "$outdir/out"
    (cd "$dir" && /usr/bin/time -f "%e %U %S %M" -o "$tmp/t" "$@" >/dev/null)
    [ "$DELETE_BETWEEN" = 1 ] && rm -rf "$outdir/out"
    awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$tmp/t"
}
echo "output folders on: $(df --output=fstype "$outdir" | tail -1) ($outdir); $([ "$DELETE_BETWEEN" = 1 ] && echo "one folder, removed after each build" || echo "a new folder per build, all removed at the end")"
echo "machine: $(nproc) cores; diglot $DIGLOT${BEFORE:+; before $BEFORE}; $(hugo version | cut -d' ' -f2)"
for n in $SIZES; do
    s="$SITES/s$n"
    if [ ! -d "$s/dsite" ] || [ ! -d "$s/hsite" ]; then
        echo "generating $s ..."
        rm -rf "$s"
        DIGLOT_REAL="$DIGLOT" python3 "$HC/gen.py" --tsv "$TSV" \
            --diglot "$root/bench/hugo_gen_diglot.sh" --n "$n" --out "$s" >/dev/null
    fi
    tools="diglot hugo"; [ -n "$BEFORE" ] && tools="diglot before hugo"
    for t in $tools; do : > "$tmp/$t"; done
    echo "== $n statements x 2 languages; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    for i in $(seq 0 "$RUNS"); do  # run 0 is a warm-up, not counted
        for t in $tools; do
            next_out
            case $t in
                diglot) r=$(run "$s/dsite" "$DIGLOT" build -q --out "$out") ;;
                before) r=$(run "$s/dsite" "$BEFORE" build -q --out "$out") ;;
                hugo) r=$(run "$s/hsite" hugo --quiet -d "$out") ;;
            esac
            echo "  run $i $t: wall $(cut -d' ' -f1 <<<"$r") s, cpu $(cut -d' ' -f2 <<<"$r") s, peak $(($(cut -d' ' -f3 <<<"$r") / 1024)) MiB"
            [ "$i" -gt 0 ] && echo "$r" >> "$tmp/$t"
        done
    done
    for t in $tools; do
        printf '  %-6s median: wall %s s, cpu %s s, peak RSS %s MiB' "$t" \
            "$(cut -d' ' -f1 "$tmp/$t" | median)" "$(cut -d' ' -f2 "$tmp/$t" | median)" \
            "$(cut -d' ' -f3 "$tmp/$t" | median | awk '{printf "%d", $1 / 1024}')"
        if [ "$t" != hugo ]; then
            printf ', wall/hugo %s (median of pairwise ratios)' \
                "$(paste -d' ' "$tmp/$t" "$tmp/hugo" | awk '{printf "%.3f\n", $1 / $4}' | median)"
        fi
        echo
    done
    echo "   load after: $(cut -d' ' -f1-3 /proc/loadavg)"
done
