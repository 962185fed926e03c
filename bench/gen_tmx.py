#!/usr/bin/env python3
"""Write a large EN-FR TMX 1.4 memory for the persistent-index benchmark.

The units are the real pairs of the Canadian Acts and Tatoeba 2017 (read from
../shared/data/parallel), then perturbed copies of them (one word of two or
more letters replaced by another word of the corpus, on both sides when the
word occurs in the French too) until --units units are written, as the `tm`
bench synthesises its 1M-unit memory. Deterministic for a given --seed.

Usage: bench/gen_tmx.py --units 1000000 --out big.tmx [--data DIR] [--seed 7]
"""
import argparse
import random
import re
from xml.sax.saxutils import escape

ap = argparse.ArgumentParser()
ap.add_argument("--units", type=int, default=1_000_000)
ap.add_argument("--out", required=True)
ap.add_argument("--data", default=None)
ap.add_argument("--seed", type=int, default=7)
ap.add_argument("--skip-every", type=int, default=0,
                help="leave out every Nth Acts line (held out for queries)")
a = ap.parse_args()

import os
root = os.path.dirname(os.path.abspath(__file__))
data = a.data or os.path.join(root, "..", "..", "shared", "data", "parallel")  # repo/../shared
pairs = []
with open(os.path.join(data, "canada-federal-acts-en-fr", "canada-acts.en-fr.tsv"), encoding="utf-8") as f:
    for i, line in enumerate(f):
        if a.skip_every and i % a.skip_every == 0:
            continue
        en, _, fr = line.rstrip("\n").partition("\t")
        if en and fr:
            pairs.append((en, fr))
with open(os.path.join(data, "tatoeba-fra-eng-2017", "fra.txt"), encoding="utf-8") as f:
    for line in f:
        en, _, fr = line.rstrip("\n").partition("\t")
        if en and fr:
            pairs.append((en, fr))
rng = random.Random(a.seed)
word = re.compile(r"[A-Za-z]{2,}")
vocab = sorted({w for en, _ in pairs[:50000] for w in word.findall(en)})
out = open(a.out, "w", encoding="utf-8")
out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
          '<header creationtool="gen_tmx.py" creationtoolversion="1" segtype="sentence" '
          'o-tmf="none" adminlang="en" srclang="en" datatype="plaintext"/>\n<body>\n')
n = 0
seen = set()


def emit(en, fr):
    global n
    if (en, fr) in seen:
        return
    seen.add((en, fr))
    out.write('<tu><tuv xml:lang="en"><seg>%s</seg></tuv><tuv xml:lang="fr"><seg>%s</seg></tuv></tu>\n'
              % (escape(en), escape(fr)))
    n += 1


for en, fr in pairs:
    if n >= a.units:
        break
    emit(en, fr)
while n < a.units:
    en, fr = pairs[rng.randrange(len(pairs))]
    ws = list(word.finditer(en))
    if not ws:
        continue
    m = ws[rng.randrange(len(ws))]
    new = vocab[rng.randrange(len(vocab))]
    en2 = en[:m.start()] + new + en[m.end():]
    fr2 = fr.replace(m.group(0), new, 1) if m.group(0) in fr else fr + " " + new
    emit(en2, fr2)
out.write("</body>\n</tmx>\n")
out.close()
print(f"{n} units -> {a.out}")
