#!/usr/bin/env python3
"""Test data for the translate-toolkit comparison (bench/ttk_pretranslate.sh).

From the Canadian Acts corpus, writes into OUT:

- tm5000.tmx / tm5000.tsv, tm20000.tmx / tm20000.tsv: the same units as TMX
  1.4 (for translate-toolkit) and as TSV (for diglot); the 5,000 are a
  subset of the 20,000;
- queries.xlf: an XLIFF 1.2 file of 2,000 segments: 200 exact copies of
  5,000-TM units (20 of them over 1,000 characters), 500 one-word edits of
  5,000-TM sources (at least four words), 1,300 new segments (not in either
  TM);
- queries.tsv: id, category, source, expected target (the target of the
  copied or edited TM unit; empty for new segments).

Deterministic (fixed seed).
"""

import argparse
import random
import re
from xml.sax.saxutils import escape


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--acts", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rng = random.Random(20251128)
    pairs = []
    seen = set()
    with open(a.acts, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 2 or not cols[0].strip() or not cols[1].strip():
                continue
            if cols[0] in seen:
                continue  # one translation per source keeps "expected" unambiguous
            seen.add(cols[0])
            pairs.append((cols[0], cols[1]))
    long_ix = [i for i, p in enumerate(pairs) if len(p[0]) > 1000]
    other = [i for i, p in enumerate(pairs) if len(p[0]) <= 1000]
    rng.shuffle(other)
    # The 5,000: 20 segments over 1,000 characters plus others.
    tm5 = long_ix[:20] + other[: 5000 - min(20, len(long_ix))]
    tm20 = tm5 + other[5000 : 5000 + 15000]
    rest = other[20000:]
    words = sorted({w for i in tm20[:3000] for w in re.findall(r"[A-Za-z]{3,}", pairs[i][0])})

    def write_tm(name, ix):
        with open(f"{a.out}/{name}.tmx", "w", encoding="utf-8") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
            f.write('<header creationtool="diglot-bench" creationtoolversion="1" datatype="plaintext" '
                    'segtype="sentence" adminlang="en" srclang="en" o-tmf="tsv"/>\n<body>\n')
            for i in ix:
                s, t = pairs[i]
                f.write(f'<tu><tuv xml:lang="en"><seg>{escape(s)}</seg></tuv>'
                        f'<tuv xml:lang="fr"><seg>{escape(t)}</seg></tuv></tu>\n')
            f.write("</body>\n</tmx>\n")
        with open(f"{a.out}/{name}.tsv", "w", encoding="utf-8") as f:
            for i in ix:
                f.write(f"{pairs[i][0]}\t{pairs[i][1]}\n")

    write_tm("tm5000", tm5)
    write_tm("tm20000", tm20)

    queries = []  # (category, source, expected target)
    exact = [i for i in tm5 if len(pairs[i][0]) > 1000][:20]
    pool = [i for i in tm5 if i not in set(exact)]
    rng.shuffle(pool)
    exact += pool[: 200 - len(exact)]
    for i in exact:
        queries.append(("exact", pairs[i][0], pairs[i][1]))
    used = set(exact)
    for i in pool[200:]:
        if len([q for q in queries if q[0] == "edit"]) == 500:
            break
        s = pairs[i][0]
        spans = [m.span() for m in re.finditer(r"[^\W\d_]{2,}", s)]
        if len(spans) < 4 or len(s) > 1000:
            continue
        b, e = spans[rng.randrange(len(spans))]
        w = rng.choice(words)
        if w.lower() == s[b:e].lower():
            continue
        queries.append(("edit", s[:b] + w + s[e:], pairs[i][1]))
        used.add(i)
    for i in rest[:1300]:
        queries.append(("new", pairs[i][0], ""))
    rng.shuffle(queries)

    with open(f"{a.out}/queries.xlf", "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
                '<file original="queries" source-language="en" target-language="fr" datatype="plaintext">\n<body>\n')
        for k, (cat, s, _) in enumerate(queries):
            f.write(f'<trans-unit id="q{k}"><source>{escape(s)}</source></trans-unit>\n')
        f.write("</body>\n</file>\n</xliff>\n")
    with open(f"{a.out}/queries.tsv", "w", encoding="utf-8") as f:
        for k, (cat, s, t) in enumerate(queries):
            f.write(f"q{k}\t{cat}\t{s}\t{t}\n")
    counts = {c: sum(1 for q in queries if q[0] == c) for c in ("exact", "edit", "new")}
    longs = sum(1 for q in queries if q[0] == "exact" and len(q[1]) > 1000)
    print(f"data: tm5000 {len(tm5)} units, tm20000 {len(tm20)} units; queries {counts} "
          f"({longs} exact copies over 1,000 characters)")


if __name__ == "__main__":
    main()
