#!/usr/bin/env python3
"""Agreement of the Python reference's top-50 terms per province with policy-mine's
term_frequency table. Usage: compare_top50.py REFERENCE_CSV TERM_FREQUENCY_CSV
Prints: the share of top-50 terms both lists contain, and the share of those with equal counts."""
import csv
import sys


def top50(path, count_col="count"):
    tops = {}
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            tops.setdefault(row["province"], {})
            if len(tops[row["province"]]) < 50:
                tops[row["province"]][row["term"]] = int(row[count_col])
    return tops


ref, pm = top50(sys.argv[1]), top50(sys.argv[2])
shared = total = equal = 0
for province, terms in ref.items():
    mine = pm.get(province, {})
    both = set(terms) & set(mine)
    shared += len(both)
    total += len(terms)
    equal += sum(1 for t in both if terms[t] == mine[t])
print(f"top50_overlap {shared / max(total, 1):.3f} equal_counts {equal / max(shared, 1):.3f} provinces {len(ref)}")
