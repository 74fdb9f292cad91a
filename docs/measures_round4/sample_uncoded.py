import csv, glob, random, sys, re
csv.field_size_limit(10**9)
gold=set()
for f in glob.glob('./tests/fixtures/*gold*.csv'):
    for r in csv.DictReader(open(f)):
        s=r.get('sentence') or r.get('context') or ''
        s=re.sub(r'\s','',s)
        if len(s)>=8: gold.add(s)
gl=list(gold)
def isgold(t):
    t=re.sub(r'\s','',t)
    for g in gl:
        if g in t or (len(t)>=12 and t in g): return True
    return False
seed=int(sys.argv[1]); n=int(sys.argv[2]); tag=sys.argv[3]
rows=[]
for c in ['gov-work-reports-2026','gov-work-reports-national']:
    for r in csv.DictReader(open(f'/tmp/r4/{c}-{tag}/sentences.csv')):
        if r['is_heading']=='true': continue
        if len(r['text'])<15: continue
        if any(r[k]!='0' for k in ['organization','regulation','enforcement','engineering','economic','information']): continue
        rows.append((r['doc_id'],r['sentence_id'],r['text']))
rnd=random.Random(seed); rnd.shuffle(rows)
out=[]
for r in rows:
    if isgold(r[2]): continue
    out.append(r)
    if len(out)>=n: break
print(len(rows),'uncoded', file=sys.stderr)
for i,r in enumerate(out): print(f"{i}\t{r[0]}\t{r[1]}\t{r[2]}")
