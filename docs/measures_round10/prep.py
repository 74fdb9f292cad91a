"""Every six-type gold row (dev6 included) as one document of a corpus, for the rules' codes.
Run from the repository root: python3 docs/measures_round10/prep.py /tmp/ml (writes rows.csv, corpus/)."""
import csv, os, sys
F, OUT = 'tests/fixtures/', sys.argv[1]
SETS = [('measures_gold.csv', 'b'), ('measures_gold_other.csv', 'o'), ('measures_gold_dev2.csv', 'd2'),
        ('measures_gold_dev3.csv', 'd3'), ('measures_gold_dev4.csv', 'd4'), ('measures_gold_dev5.csv', 'd5'),
        ('measures_gold_dev6.csv', 'd6')]
rows = []
for f, tag in SETS:
    for r in csv.DictReader(open(F + f, encoding='utf-8')):
        rows.append(dict(key=f'{tag}_{r["id"]}', set=tag, split=r['split'], doc=r.get('doc_id') or r.get('province', ''),
                         gold=r['gold_types'], sentence=r['sentence']))
os.makedirs(f'{OUT}/corpus/docs', exist_ok=True)
w = csv.writer(open(f'{OUT}/corpus/metadata.csv', 'w', newline='', encoding='utf-8'))
w.writerow(['doc_id', 'province', 'path', 'title'])
for r in rows:
    open(f'{OUT}/corpus/docs/{r["key"]}.txt', 'w', encoding='utf-8').write(r['sentence'] + '\n')
    w.writerow([r['key'], 'x', f'docs/{r["key"]}.txt', ''])
w = csv.DictWriter(open(f'{OUT}/rows.csv', 'w', newline='', encoding='utf-8'), fieldnames=list(rows[0]))
w.writeheader(); w.writerows(rows)
print(len(rows), 'rows', file=sys.stderr)
