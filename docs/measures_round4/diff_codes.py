import csv,collections,random
csv.field_size_limit(10**9)
T=['organization','regulation','enforcement','engineering','economic','information']
ch=collections.defaultdict(list)
for c in ['gov-work-reports-2026','gov-work-reports-national']:
    a=list(csv.DictReader(open(f'/tmp/r4/{c}-before/sentences.csv')))
    b=list(csv.DictReader(open(f'/tmp/r4/{c}-after/sentences.csv')))
    for x,y in zip(a,b):
        for t in T:
            if x[t]!=y[t]: ch[(t,x[t]+'->'+y[t])].append(x['doc_id']+' '+x['text'])
for k,v in sorted(ch.items()):
    print(k,len(v))
    random.Random(5).shuffle(v)
    for s in v[:25]: print('   ',s[:150])
