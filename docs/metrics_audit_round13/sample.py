"""sample.py OUT_DIR CORPUS_NAME SEED N > rows.csv: draw N metric rows of a policy-mine run
with random.Random(SEED).sample(range(len(rows)), N), in row order, with their sentences,
and blank judgement columns for a hand audit."""
import csv, random, sys
out, name, seed, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rows = list(csv.DictReader(open(f"{out}/metrics.csv", encoding="utf-8")))
sent = {(r["doc_id"], r["sentence_id"]): r["text"] for r in csv.DictReader(open(f"{out}/sentences.csv", encoding="utf-8"))}
corpus_dir = sys.argv[5]
paths = {m["doc_id"]: f"{corpus_dir}/{m['path']}" for m in csv.DictReader(open(f"{corpus_dir}/metadata.csv", encoding="utf-8"))}
pick = sorted(random.Random(seed).sample(range(len(rows)), n))
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["row", "doc_id", "document_file", "sentence", "number_as_written", "value", "value_high", "unit", "indicator", "kind", "direction", "qualifier", "period", "deadline", "fully_right", "wrong_fields", "comment"])
for i in pick:
    r = rows[i]
    w.writerow([i + 1, r["doc_id"], paths[r["doc_id"]], sent[(r["doc_id"], r["sentence_id"])], r["text"], r["value"], r["value_high"], r["unit"], r["indicator"], r["kind"], r["direction"], r["qualifier"], r["period"], r["deadline"], "", "", ""])
print(f"{name}: {len(rows)} rows, seed {seed}", file=sys.stderr)
