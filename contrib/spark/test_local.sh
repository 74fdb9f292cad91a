#!/usr/bin/env bash
# Spark local-mode test: the PySpark job on local[2] must give the same tables as one
# `policy-mine run`. Skipped, with a message, when Java or pyspark is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
python=${PYTHON:-python3}
# With REQUIRE_PYSPARK set (.ci/run, after installing pyspark) a missing tool is a failure.
skip() {
    if [ -n "${REQUIRE_PYSPARK:-}" ]; then echo "FAIL spark test: $1"; exit 1; fi
    echo "SKIPPED spark test: $1"; exit 0
}
if ! command -v java >/dev/null 2>&1; then
    skip "no java on PATH"
fi
if ! "$python" -c "import pyspark" >/dev/null 2>&1; then
    skip "pyspark is not installed for $python (pip install pyspark)"
fi
cargo build --release --quiet --bin policy-mine
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target/release/policy-mine run -q --out "$work/single"
# Spark's records carry no metadata columns; compare against a run without them.
mkdir -p "$work/corpus"
cp -r corpus/docs "$work/corpus/"
cut -d, -f1-3 corpus/metadata.csv > "$work/corpus/metadata.csv"
target/release/policy-mine run -q --corpus "$work/corpus" --out "$work/plain"
"$python" contrib/spark/policy_mine_spark.py --master 'local[2]' --partitions 3 \
    --corpus "$work/corpus" --out "$work/spark" --partials "$work/partials" 2>"$work/spark.log" \
    || { tail -30 "$work/spark.log"; exit 1; }
status=0
for table in term_frequency summary measures metrics sentences documents measure_types measure_families measure_cooccurrence keyness; do
    if cmp -s "$work/plain/$table.csv" "$work/spark/$table.csv"; then
        echo "same      $table.csv"
    else
        echo "DIFFERENT $table.csv"; status=1
    fi
done
[ $status -eq 0 ] && echo "PASS: Spark local[2] result equals the single-machine run ($(ls "$work/partials" | wc -l) partials)"
exit $status
