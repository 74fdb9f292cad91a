#!/usr/bin/env python3
"""Diff measures.csv of base vs cand runs; group added/removed (sentence,type) by new cue; seeded sample."""
import csv, sys, random, glob, unicodedata
from collections import defaultdict
csv.field_size_limit(10**9)
base, cand, k = sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv)>3 else 10
newpats = [r['pattern'].replace('|','/') for r in csv.DictReader(open('docs/measures_round7/round7_rows.csv'))]
def norm(s): return "".join(unicodedata.normalize("NFKC", s).split())
gold=set()
for f in glob.glob('tests/fixtures/measures_gold*.csv')+['/work/wt/i14/tests/fixtures/rz_gold.csv']:
    for r in csv.DictReader(open(f)):
        if 'sentence' in r: gold.add(norm(r['sentence']))
def load(d):
    m={}
    for c in ('2026','national'):
        for r in csv.DictReader(open(f'{d}_{c}/measures.csv')):
            m[(r['doc_id'],r['sentence_id'],r['measure_type'])]=r['cues']
    return m
def texts(d):
    t={}
    for c in ('2026','national'):
        for r in csv.DictReader(open(f'{d}_{c}/sentences.csv')):
            t[(r['doc_id'],r['sentence_id'])]=r['text']
    return t
B,C=load(base),load(cand); T=texts(cand)
added=[k_ for k_ in C if k_ not in B]; removed=[k_ for k_ in B if k_ not in C]
print(f"added {len(added)} removed {len(removed)}")
groups=defaultdict(list)
for key in added:
    cues=C[key].split('|')
    hit=[p for p in newpats if p in cues] or ['(other)']
    for p in hit: groups[('+',key[2],p)].append(key)
for key in removed:
    groups[('-',key[2],'')].append(key)
sel = sys.argv[4] if len(sys.argv)>4 else None
for g,keys in sorted(groups.items(), key=lambda x:-len(x[1])):
    if sel and sel not in g[2] and sel!=g[1]: continue
    keys=[x for x in keys if norm(T[(x[0],x[1])]) not in gold]
    print(f"\n### {g[0]} {g[1]} {g[2]}  n={len(keys)}")
    rnd=random.Random(f"707:{g}")
    for x in sorted(rnd.sample(sorted(keys), min(k,len(keys)))):
        t=T[(x[0],x[1])]
        print(f"  {x[0]}#{x[1]} | {t[:160]}")
