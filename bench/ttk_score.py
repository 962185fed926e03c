#!/usr/bin/env python3
"""Recall per category of a pre-translated XLIFF 1.2 file (translate-toolkit's
`pretranslate` output) against bench/ttk_data.py's queries.tsv.

exact / edit: the target (or, as pretranslate writes it for XLIFF, the first
alt-trans target) is the expected TM target; new: any match proposed.
"""

import sys
import xml.etree.ElementTree as ET

NS = "{urn:oasis:names:tc:xliff:document:1.2}"


def text(el):
    return "".join(el.itertext()) if el is not None else ""


def main():
    xlf, tsv = sys.argv[1], sys.argv[2]
    targets = {}
    for tu in ET.parse(xlf).iter(NS + "trans-unit"):
        got = text(tu.find(NS + "target")).strip()
        if not got:
            # pretranslate puts its match in an alt-trans for XLIFF.
            alt = tu.find(NS + "alt-trans")
            if alt is not None:
                got = text(alt.find(NS + "target")).strip()
        targets[tu.get("id")] = got
    found = {"exact": 0, "edit": 0, "new": 0}
    total = {"exact": 0, "edit": 0, "new": 0}
    long_found = long_total = 0
    with open(tsv, encoding="utf-8") as f:
        for line in f:
            qid, cat, src, expected = line.rstrip("\n").split("\t")
            total[cat] += 1
            got = targets.get(qid, "")
            ok = bool(got) if cat == "new" else got == expected.strip()
            found[cat] += ok
            if cat == "exact" and len(src) > 1000:
                long_total += 1
                long_found += ok
    print(f"exact copies {found['exact']}/{total['exact']} "
          f"(over 1,000 characters {long_found}/{long_total}), "
          f"one-word edits {found['edit']}/{total['edit']}, "
          f"new segments with a match {found['new']}/{total['new']}")


if __name__ == "__main__":
    main()
