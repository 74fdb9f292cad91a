#!/usr/bin/env python3
"""Build a benchmark corpus of about SIZE_MB in which sentences do not repeat.

Clauses (text between ，；：、 and sentence ends) of the bundled corpus and, when present, the
shared corpora in ../shared/corpora are pooled; each sentence is 2-5 clauses drawn at random
(fixed seed) and joined with ，, ending in 。, and every run of digits is redrawn. Documents
are about 64 KB, each assigned to a province in turn. Writes DIR/docs/*.txt and
DIR/metadata.csv. The sentence cache hits well under 15 % of sentences on this text (checked
by bench/run.sh). Usage: make_nonrepeating.py SIZE_MB DIR [SEED]
"""
import csv
import glob
import os
import random
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(REPO), "shared", "corpora")


def clauses():
    files = sorted(glob.glob(os.path.join(REPO, "corpus", "docs", "*.txt")))
    files += sorted(glob.glob(os.path.join(SHARED, "*", "docs", "*.txt")))
    pool = set()
    for path in files:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for part in re.split(r"[，,；;：:、。！？!?\n]+", fh.read()):
                part = part.strip()
                if 4 <= len(part) <= 60:
                    pool.add(part)
    return sorted(pool)


def main():
    size_mb, out = float(sys.argv[1]), sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 20261129)
    pool = clauses()
    provinces = ["山西", "辽宁", "安徽", "江西", "河南", "湖南", "广西", "云南"]
    redraw = lambda m: str(rng.randint(1, 10 ** len(m.group(0)) - 1))
    os.makedirs(os.path.join(out, "docs"), exist_ok=True)
    target, written, doc_no = int(size_mb * 1e6), 0, 0
    with open(os.path.join(out, "metadata.csv"), "w", encoding="utf-8", newline="") as meta:
        w = csv.writer(meta, lineterminator="\n")
        w.writerow(["doc_id", "province", "path"])
        while written < target:
            parts, size = [], 0
            while size < 64_000:
                sentences = []
                for _ in range(rng.randint(3, 8)):
                    clause = "，".join(rng.choice(pool) for _ in range(rng.randint(2, 5)))
                    sentences.append(re.sub(r"\d+", redraw, clause) + "。")
                para = "".join(sentences)
                parts.append(para)
                size += len(para.encode("utf-8")) + 1
            text = "\n".join(parts) + "\n"
            path = f"docs/n{doc_no:06d}.txt"
            with open(os.path.join(out, path), "w", encoding="utf-8") as fh:
                fh.write(text)
            w.writerow([f"n{doc_no:06d}", provinces[doc_no % len(provinces)], path])
            written += len(text.encode("utf-8"))
            doc_no += 1
    print(f"{out}: {doc_no} documents, {written / 1e6:.1f} MB, {len(pool)} distinct clauses")


if __name__ == "__main__":
    main()
