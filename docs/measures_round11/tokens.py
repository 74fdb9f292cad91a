"""The pipeline's tokens of every gold row (issue 14, round 11), for the word features.
Run in the folder round 10's prep.py wrote: python3 tokens.py POLICY_MINE_BINARY (writes tokens.csv:
key, the row's tokens joined by a space; whitespace tokens dropped). The rows are fed to
`policy-mine segment` in one call, separated by a marker sentence."""
import csv, subprocess, sys
SEP = 'ZZROWSEPZZ'
rows = list(csv.DictReader(open('rows.csv', encoding='utf-8')))
text = '\n'.join(open(f'corpus/docs/{r["key"]}.txt', encoding='utf-8').read().strip() + f'\n{SEP}。' for r in rows)
out = subprocess.run([sys.argv[1], 'segment'], input=text, capture_output=True, text=True, check=True).stdout
toks, cur = [], []
for line in out.split('\n'):
    for item in line.split(' '):
        if not item:
            continue
        word = item.rsplit('/', 1)[0]
        if word == SEP:
            toks.append(cur); cur = []
        elif word.strip():
            cur.append(word)
# the marker's own 。 opens each following row: drop it
toks = [t[1:] if i > 0 and t[:1] == ['。'] else t for i, t in enumerate(toks)]
assert len(toks) == len(rows), (len(toks), len(rows))
w = csv.writer(open('tokens.csv', 'w', newline='', encoding='utf-8'), lineterminator='\n')
w.writerow(['key', 'tokens'])
for r, t in zip(rows, toks):
    w.writerow([r['key'], ' '.join(t)])
