#!/usr/bin/env python3
"""Run policy-mine on Apache Spark: distribute a corpus over executors, run the policy-mine
binary on each partition (`run --stdin-jsonl`, fed through the partition's records), collect
the partial folders and merge them into the final tables on the driver.

The result is byte-identical to `policy-mine run` on one machine: every record carries its
corpus position (`index`), and `merge` recomputes every derived quantity from the merged
counts.

Usage:
  spark-submit contrib/spark/policy_mine_spark.py --corpus corpus --out out \\
      [--binary target/release/policy-mine] [--partitions 8] [--partials DIR]

`--partials` must be a folder every executor and the driver can reach (local disk in local
mode; NFS, a mounted object store or similar on a cluster).
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

from pyspark.sql import SparkSession


def records(corpus):
    """(index, doc_id, province, absolute path) for every document, in corpus order."""
    with open(os.path.join(corpus, "metadata.csv"), encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            yield i, row["doc_id"], row["province"], os.path.abspath(os.path.join(corpus, row["path"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="corpus")
    ap.add_argument("--out", default="out")
    ap.add_argument("--binary", default=os.path.abspath("target/release/policy-mine"))
    ap.add_argument("--partitions", type=int, default=None)
    ap.add_argument("--partials", default=None, help="shared folder for the partials")
    ap.add_argument("--master", default=None, help="e.g. local[2]; spark-submit sets it otherwise")
    args = ap.parse_args()

    builder = SparkSession.builder.appName("policy-mine")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    # The driver runs `merge` with its own copy; executors look for the binary at the same
    # absolute path (local mode, shared installs), else where --files put it.
    binary = os.path.abspath(args.binary)
    shipped = os.path.basename(args.binary)
    partials = os.path.abspath(args.partials or tempfile.mkdtemp(prefix="policy-mine-partials-"))
    os.makedirs(partials, exist_ok=True)

    docs = list(records(args.corpus))
    rdd = sc.parallelize(docs, args.partitions or sc.defaultParallelism)

    def run_partition(k, rows):
        exe = binary
        if not os.access(exe, os.X_OK):
            from pyspark import SparkFiles
            exe = SparkFiles.get(shipped) if os.path.exists(SparkFiles.get(shipped)) else os.path.abspath(shipped)
        lines = []
        for index, doc_id, province, path in rows:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            lines.append(json.dumps({"doc_id": doc_id, "province": province, "text": text, "index": index}, ensure_ascii=False))
        if not lines:
            return
        out = os.path.join(partials, f"part-{k:05d}")
        subprocess.run(
            [exe, "run", "--quiet", "--stdin-jsonl", "--threads", "1", "--force", "--out", out],
            input=("\n".join(lines) + "\n").encode("utf-8"),
            check=True,
        )
        yield out

    folders = sorted(rdd.mapPartitionsWithIndex(run_partition).collect())
    spark.stop()
    print(f"{len(folders)} partials in {partials}", file=sys.stderr)
    subprocess.run([binary, "merge", "--quiet", "--force", "--out", args.out, *folders], check=True)
    print(f"merged into {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
