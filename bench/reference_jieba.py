#!/usr/bin/env python3
"""The Python workflow policy-mine replaces: jieba with the same user dictionary, posseg,
stop-word and content filtering, and per-province collections.Counter.

Usage: reference_jieba.py CORPUS_DIR OUT_CSV
Writes the top 50 terms per province (province,term,count) and prints the elapsed seconds.
The content filter mirrors policy-mine's (src/filter.rs): no stop words, no single chars,
no punctuation, no pure numbers or dates, no function-word POS classes.
"""
import collections
import csv
import os
import re
import sys
import time

import jieba
import jieba.posseg as pseg

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NON_CONTENT_POS = {"m", "q", "d", "p", "c", "r", "x", "w", "e", "y", "o", "f", "t", "mq", "zg"}
NUMBER = re.compile(r"^[0-9零〇一二三四五六七八九十百千万亿两.,%‰+\-—~～]+$")
DIGIT = re.compile(r"[0-9零〇一二三四五六七八九十百千万亿两]")
DATE = re.compile(r"^[0-9零〇一二三四五六七八九十百千万亿两年月日号度底初末旬时至\-—./]+$")


def is_content(word, pos, stop):
    if len(word) < 2 or pos in NON_CONTENT_POS or pos.startswith("u"):
        return False
    if all(not c.isalnum() for c in word):
        return False
    if NUMBER.match(word) and DIGIT.search(word):
        return False
    if DATE.match(word) and DIGIT.search(word) and re.search("[年月日号]", word):
        return False
    return word not in stop


def main():
    corpus, out = sys.argv[1], sys.argv[2]
    jieba.setLogLevel(60)
    started = time.perf_counter()
    jieba.load_userdict(os.path.join(REPO, "dictionaries", "user_dict.txt"))
    with open(os.path.join(REPO, "dictionaries", "stopwords.txt"), encoding="utf-8") as fh:
        stop = {l.strip() for l in fh if l.strip() and not l.startswith("#")}
    counts = collections.defaultdict(collections.Counter)
    nbytes = 0
    with open(os.path.join(corpus, "metadata.csv"), encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            with open(os.path.join(corpus, row["path"]), encoding="utf-8") as doc:
                text = doc.read()
            nbytes += len(text.encode("utf-8"))
            c = counts[row["province"]]
            for line in text.splitlines():
                for pair in pseg.cut(line):
                    if is_content(pair.word, pair.flag, stop):
                        c[pair.word] += 1
    elapsed = time.perf_counter() - started
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["province", "term", "count"])
        for province, c in counts.items():
            for term, n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:50]:
                w.writerow([province, term, n])
    print(f"seconds {elapsed:.3f} bytes {nbytes} mb_per_s {nbytes / 1e6 / elapsed:.3f}")


if __name__ == "__main__":
    main()
