import csv, glob, random, sys, re
csv.field_size_limit(10**9)
sys.path.insert(0,'./tests/fixtures/sampling')
gold=[re.sub(r'\s','',r.get('sentence') or '') for f in glob.glob('./tests/fixtures/*gold*.csv') for r in csv.DictReader(open(f))]
gold=[g for g in gold if len(g)>=8]
src=open('./tests/fixtures/sampling/sample_measures.py').read()
ns={}; exec(src[src.index('TOPIC_RE = {'):src.index('TOPIC_N')], {}, ns); TR=ns['TOPIC_RE']
t=sys.argv[1]; n=int(sys.argv[2]); tag=sys.argv[3] if len(sys.argv)>3 else 'before'
p=re.compile(TR[t]); rows=[]
for c in ['gov-work-reports-2026','gov-work-reports-national']:
    for r in csv.DictReader(open(f'/tmp/r4/{c}-{tag}/sentences.csv')):
        if r['is_heading']=='true' or len(r['text'])<12 or r[t]!='0' or not p.search(r['text']): continue
        rows.append(r)
random.Random(99).shuffle(rows); k=0
print(t, 'pool without type', len(rows))
for r in rows:
    x=re.sub(r'\s','',r['text'])
    if any(g in x or x in g for g in gold): continue
    other=[k2[:4] for k2 in ['organization','regulation','enforcement','engineering','economic','information'] if r[k2]=='1']
    print(k, r['doc_id'][-6:], other, r['text'][:120]); k+=1
    if k>=n: break
