#!/usr/bin/env python3
"""Join the seeded sample (sample.tsv), the hand verdicts (verdicts.tsv: rank, one R/W letter per
sampled firing in sample order, families of the wrong firings) and the `cues --csv` counts of both
corpora into cue_precision.csv. Usage: build_table.py sample.tsv verdicts.tsv CUES_2026 CUES_NAT"""
import csv, sys
from collections import defaultdict
csv.field_size_limit(10**9)
sample, verdicts, c26, cnat = sys.argv[1:5]
counts = defaultdict(lambda: [0, 0, "", 0])
for f in (c26, cnat):
    for r in csv.DictReader(open(f, encoding="utf-8")):
        c = counts[(r["measure_type"], r["pattern"])]
        c[0] += int(r["firings"]); c[1] += int(r["sentences"]); c[2] = r["kind"]; c[3] = r["line"]
rows = {}
for r in csv.DictReader(open(sample, encoding="utf-8"), delimiter="\t"):
    rows.setdefault(int(r["rank"]), [r["measure_type"], r["pattern"], 0])[2] += 1
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["rank", "measure_type", "pattern", "kind", "line", "firings", "sentences", "sample",
            "right", "precision", "wrong_families"])
for line in open(verdicts, encoding="utf-8"):
    rank, v, fam = (line.rstrip("\n").split("\t") + [""])[:3]
    t, p, n = rows[int(rank)]
    assert len(v) == n, (rank, v, n)
    c = counts[(t, p)]
    right = v.count("R")
    w.writerow([rank, t, p, c[2], c[3], c[0], c[1], n, right, f"{right / n:.2f}", fam])
