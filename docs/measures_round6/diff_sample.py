#!/usr/bin/env python3
"""Seeded sample of the sentences whose measure types changed between two `run` outputs of the
same corpora (before/after a dictionary fix), for judging the fix by hand.
Usage: diff_sample.py BEFORE_2026 BEFORE_NAT AFTER_2026 AFTER_NAT [--n 20] [--seed 606] [--tag F]
Prints TSV: doc_id, sentence_id, type, change (+ added / - removed), text."""
import argparse, csv, random, sys
csv.field_size_limit(10**9)
TYPES = ["organization", "regulation", "enforcement", "engineering", "economic", "information"]
ap = argparse.ArgumentParser()
ap.add_argument("dirs", nargs=4)
ap.add_argument("--n", type=int, default=20)
ap.add_argument("--seed", type=int, default=606)
ap.add_argument("--tag", default="")
a = ap.parse_args()
changed = []
for before, after in [(a.dirs[0], a.dirs[2]), (a.dirs[1], a.dirs[3])]:
    b = {(r["doc_id"], int(r["sentence_id"])): r for r in csv.DictReader(open(f"{before}/sentences.csv", encoding="utf-8"))}
    for r in csv.DictReader(open(f"{after}/sentences.csv", encoding="utf-8")):
        k = (r["doc_id"], int(r["sentence_id"]))
        for t in TYPES:
            if b[k][t] != r[t]:
                changed.append((k[0], k[1], t, "+" if r[t] == "1" else "-", r["text"]))
changed.sort()
pick = sorted(random.Random(f"{a.seed}:{a.tag}").sample(changed, min(a.n, len(changed))))
w = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
w.writerow(["doc_id", "sentence_id", "type", "change", "text"])
print(f"# {len(changed)} changed, {len(pick)} sampled", file=sys.stderr)
for row in pick:
    w.writerow(row)
