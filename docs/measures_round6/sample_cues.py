#!/usr/bin/env python3
"""Round-6 per-cue precision audit: rank cues by firings over both shared corpora and draw a
seeded random sample of up to K firing sentences per cue, gold sentences excluded.

Usage (from the worktree root, after `policy-mine run --corpus C --out OUT` on each corpus):
  python3 docs/measures_round6/sample_cues.py OUT_2026 OUT_NATIONAL CUES_2026.csv CUES_NAT.csv \
      [--top 40] [--k 10] [--seed 606] [--extra 'type|pattern' ...] > sample.tsv
CUES_*.csv are `policy-mine cues --corpus C --csv`. Output: TSV rank, measure_type, pattern,
firings, doc_id, sentence_id, text (one row per sampled firing), in rank order then text order.
Only sentence *texts* of the gold files are read, to exclude them; their codes are not.
"""
import argparse, csv, glob, random, sys, unicodedata
from collections import defaultdict

csv.field_size_limit(10**9)

def norm(s):
    return "".join(unicodedata.normalize("NFKC", s).split())

def gold_texts():
    out = set()
    for f in sorted(glob.glob("tests/fixtures/measures_gold*.csv")) + ["tests/fixtures/rz_gold.csv"]:
        with open(f, encoding="utf-8") as fh:
            r = csv.DictReader(fh)
            if "sentence" not in (r.fieldnames or []):
                continue
            for row in r:
                out.add(norm(row["sentence"]))
    return out

def is_gold(text, gold):
    t = norm(text)
    if t in gold:
        return True
    # sentence splitting may differ a little: a long overlap counts as the same sentence
    return len(t) >= 12 and any(t in g or (len(g) >= 12 and g in t) for g in gold)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outs", nargs=2)
    ap.add_argument("cues", nargs=2)
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--seed", type=int, default=606)
    ap.add_argument("--extra", action="append", default=[])
    a = ap.parse_args()
    firings = defaultdict(int)
    for f in a.cues:
        for row in csv.DictReader(open(f, encoding="utf-8")):
            firings[(row["measure_type"], row["pattern"])] += int(row["firings"])
    ranked = sorted(firings, key=lambda k: (-firings[k], k))[: a.top]
    for e in a.extra:
        t, p = e.split("|", 1)
        if (t, p) not in ranked:
            ranked.append((t, p))
    gold = gold_texts()
    texts, where = {}, defaultdict(list)
    for out in a.outs:
        for row in csv.DictReader(open(f"{out}/sentences.csv", encoding="utf-8")):
            texts[(row["doc_id"], int(row["sentence_id"]))] = row["text"]
        for row in csv.DictReader(open(f"{out}/measures.csv", encoding="utf-8")):
            key = (row["doc_id"], int(row["sentence_id"]))
            for cue in row["cues"].split("|"):
                where[(row["measure_type"], cue.replace("/", "|"))].append(key)
    w = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    w.writerow(["rank", "measure_type", "pattern", "firings", "doc_id", "sentence_id", "text"])
    for i, (t, p) in enumerate(ranked, 1):
        pool = sorted(k for k in set(where[(t, p)]) if not is_gold(texts[k], gold))
        rng = random.Random(f"{a.seed}:{t}:{p}")
        pick = sorted(rng.sample(pool, min(a.k, len(pool))))
        for d, s in pick:
            w.writerow([i, t, p, firings[(t, p)], d, s, texts[(d, s)]])

if __name__ == "__main__":
    main()
