#!/usr/bin/env python3
"""Build a ~SIZE_MB corpus for `terms suggest` from the bundled corpus and every corpus in
../shared/corpora: sentences of all documents are pooled and drawn at random (fixed seed)
into ~64 KB documents. Recombining sentences keeps the vocabulary of the sources, so the
distinct n-grams are bounded by them (the pruning path is exercised with a small
--max-ngrams instead). Usage: make_suggest_corpus.py SIZE_MB DIR [SEED]
"""
import csv
import glob
import os
import random
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCES = [os.path.join(REPO, "corpus")] + sorted(glob.glob(os.path.join(REPO, "..", "..", "shared", "corpora", "*"))) + sorted(glob.glob("/work/shared/corpora/*"))


def sentences():
    pool, seen = [], set()
    for src in SOURCES:
        meta = os.path.join(src, "metadata.csv")
        if not os.path.isfile(meta) or os.path.realpath(src) in seen:
            continue
        seen.add(os.path.realpath(src))
        with open(meta, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                with open(os.path.join(src, row["path"]), encoding="utf-8") as doc:
                    for line in doc:
                        pool += [s for s in re.findall(r"[^。！？!?；;]+[。！？!?；;]*", line.strip()) if s]
    return pool


def main():
    size_mb, out = float(sys.argv[1]), sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 20240404)
    pool = sentences()
    os.makedirs(os.path.join(out, "docs"), exist_ok=True)
    target, written, doc_no = int(size_mb * 1e6), 0, 0
    with open(os.path.join(out, "metadata.csv"), "w", encoding="utf-8", newline="") as meta:
        w = csv.writer(meta, lineterminator="\n")
        w.writerow(["doc_id", "province", "path"])
        while written < target:
            parts, size = [], 0
            while size < 65536:
                s = rng.choice(pool)
                parts.append(s)
                size += len(s.encode("utf-8"))
            text = "".join(parts) + "\n"
            path = f"docs/d{doc_no:06d}.txt"
            with open(os.path.join(out, path), "w", encoding="utf-8") as fh:
                fh.write(text)
            w.writerow([f"d{doc_no:06d}", f"g{doc_no % 31:02d}", path])
            written += len(text.encode("utf-8"))
            doc_no += 1
    print(f"{doc_no} documents, {written / 1e6:.1f} MB from {len(pool)} sentences")


if __name__ == "__main__":
    main()
