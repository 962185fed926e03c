#!/usr/bin/env bash
# Cross-check diglot's SRX engine against a reference engine on
# java.util.regex (bench/segment_srx_reference/SrxRef.java): the English
# golden rules and pragmatic_segmenter texts through the three large SRX
# files, for `en` and `fr`. Prints how many texts segment differently.
# Needs a JDK (javac/java). Run from the repository root.
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
javac -d "$work" bench/segment_srx_reference/SrxRef.java
python3 - "$work/in.txt" <<'PY'
import json, sys
cases = []
for f in ["en.golden-rules.pysbd.json", "en.pragmatic-segmenter-spec.json"]:
    cases += json.load(open("tests/fixtures/segmentation/" + f))["cases"]
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for c in cases:
        out.write(c["text"].replace("\n", "\x03").replace("\r", "\x04") + "\n")
PY
cargo bench --bench segment --no-run -q 2>/dev/null || true
for lang in en fr; do
  for f in languagetool/segment.srx openxliff/default.srx omegat/defaultRules.srx; do
    srx="../shared/data/srx/$f"
    java -cp "$work" SrxRef "$srx" "$lang" < "$work/in.txt" > "$work/java.txt"
    cargo bench -q --bench segment -- --srx-dump "$srx" "$lang" < "$work/in.txt" > "$work/rust.txt"
    n=$(paste -d '\n' "$work/java.txt" "$work/rust.txt" | awk 'NR%2==1{a=$0} NR%2==0{if(a!=$0)c++} END{print c+0}')
    echo "$f ($lang): $n of $(wc -l < "$work/in.txt") texts segment differently"
  done
done
