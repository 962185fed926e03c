#!/usr/bin/env python3
"""pySBD on the same English text as `benches/segment.rs`, for the speed ratio.

Setup (once; the venv lives under target/ and is not committed):

    python3 -m venv target/pysbd-venv
    target/pysbd-venv/bin/pip install pysbd==0.3.4

Run from the repository root:

    target/pysbd-venv/bin/python bench/pysbd_segment.py --limit-mb 1

It reads the English side of
../shared/data/parallel/canada-federal-acts-en-fr/canada-acts.en-fr.tsv,
keeps the first units up to --limit-mb MB (pySBD is slow), segments each unit
with pysbd.Segmenter(language="en", clean=False) and prints MB/s and
segments/s. Compare with `cargo bench --bench segment -- --limit-mb 1`.
"""
import argparse
import pathlib
import sys
import time

import pysbd


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit-mb", type=float, default=1.0)
    args = ap.parse_args()
    root = pathlib.Path(__file__).resolve().parent.parent
    tsv = root / "../shared/data/parallel/canada-federal-acts-en-fr/canada-acts.en-fr.tsv"
    if not tsv.exists():
        print(f"{tsv} not found", file=sys.stderr)
        return 1
    limit = int(args.limit_mb * 1_000_000)
    units, total = [], 0
    with open(tsv, encoding="utf-8") as f:
        for line in f:
            en = line.rstrip("\n").split("\t", 1)[0]
            total += len(en.encode("utf-8")) + 1
            if total > limit:
                break
            units.append(en)
    nbytes = sum(len(u.encode("utf-8")) for u in units)
    seg = pysbd.Segmenter(language="en", clean=False)
    t = time.perf_counter()
    n = sum(len(seg.segment(u)) for u in units)
    s = time.perf_counter() - t
    print(
        f"pySBD {getattr(pysbd, '__version__', '?')} en, one call per unit: "
        f"{nbytes / 1e6 / s:.3f} MB/s, {n / s:.0f} segments/s "
        f"({n} segments from {len(units)} units, {nbytes / 1e6:.2f} MB in {s:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
