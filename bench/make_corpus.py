#!/usr/bin/env python3
"""Build a benchmark corpus of about SIZE_MB from the bundled corpus.

Sentences of all nine documents are pooled and drawn at random (fixed seed) into documents
of about 64 KB, each assigned to a province in turn, so the text is not one document
repeated and no document keeps its province's own sentences. Writes DIR/docs/*.txt and
DIR/metadata.csv. Usage: make_corpus.py SIZE_MB DIR [SEED]
"""
import csv
import os
import random
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sentences():
    pool, provinces = [], []
    with open(os.path.join(REPO, "corpus", "metadata.csv"), encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            provinces.append(row["province"])
            with open(os.path.join(REPO, "corpus", row["path"]), encoding="utf-8") as doc:
                for line in doc:
                    pool += [s for s in re.findall(r"[^。！？!?；;]+[。！？!?；;]*", line.strip()) if s]
    return pool, provinces


def main():
    size_mb, out = float(sys.argv[1]), sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 20240404)
    pool, provinces = sentences()
    os.makedirs(os.path.join(out, "docs"), exist_ok=True)
    target, written, doc_no = int(size_mb * 1e6), 0, 0
    with open(os.path.join(out, "metadata.csv"), "w", encoding="utf-8", newline="") as meta:
        w = csv.writer(meta, lineterminator="\n")
        w.writerow(["doc_id", "province", "path"])
        while written < target:
            province = provinces[doc_no % len(provinces)]
            parts, size = [], 0
            while size < 64_000:
                # paragraphs of 3-8 sentences, like the reports
                para = "".join(rng.choice(pool) for _ in range(rng.randint(3, 8)))
                parts.append(para)
                size += len(para.encode("utf-8")) + 1
            text = "\n".join(parts) + "\n"
            path = f"docs/b{doc_no:06d}.txt"
            with open(os.path.join(out, path), "w", encoding="utf-8") as fh:
                fh.write(text)
            w.writerow([f"b{doc_no:06d}", province, path])
            written += len(text.encode("utf-8"))
            doc_no += 1
    print(f"{out}: {doc_no} documents, {written / 1e6:.1f} MB, {len(pool)} distinct source sentences")


if __name__ == "__main__":
    main()
