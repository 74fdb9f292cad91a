#!/usr/bin/env python3
"""Two document folds of measures_gold_dev6.csv (issue 14, round 10).

Fold rule, fixed before any miss was read: the 12 doc_ids sorted by sha1(doc_id) (hex); the
first 6 are fold C, the last 6 fold D. (C/D, not A/B: folds.py's A/B split the older dev rows.)
Every dev6 row is `dev`. Cues are mined from one fold's disagreements and checked on the other.

usage: dev6_folds.py [--measures FILE] [--types] [--misses C|D]
"""
import csv, hashlib, os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'measures_round8'))
from folds import FIX, TYPES, tool_codes, prf  # noqa: E402


def rows():
    out = [dict(id=f'd6_{r["id"]}', doc=r['doc_id'], types=set(t for t in r['gold_types'].split('|') if t),
                evidence=r['evidence'], sentence=r['sentence'])
           for r in csv.DictReader(open(os.path.join(FIX, 'measures_gold_dev6.csv'), encoding='utf-8'))
           if r['split'] == 'dev']
    docs = sorted({r['doc'] for r in out}, key=lambda d: hashlib.sha1(d.encode('utf-8')).hexdigest())
    fold = {d: 'C' if i < len(docs) // 2 else 'D' for i, d in enumerate(docs)}
    for r in out:
        r['fold'] = fold[r['doc']]
    return out


def main():
    args = sys.argv[1:]
    measures = args[args.index('--measures') + 1] if '--measures' in args else None
    rs = tool_codes(rows(), measures)
    print('fold,scope,n,tp,fp,fn,precision,recall,f1')
    for fold in 'CD':
        sub = [r for r in rs if r['fold'] == fold]
        scopes = [('micro', TYPES)] + ([(t, [t]) for t in TYPES] if '--types' in args else [])
        for name, ts in scopes:
            tp, fp, fn, p, rc, f = prf(sub, ts)
            print(f'{fold},{name},{len(sub)},{tp},{fp},{fn},{p:.3f},{rc:.3f},{f:.3f}')
    if '--misses' in args:
        fold = args[args.index('--misses') + 1]
        for r in rs:
            if r['fold'] == fold and r['types'] != r['tool']:
                miss = '|'.join(sorted(r['types'] - r['tool']))
                fp = '|'.join(sorted(r['tool'] - r['types']))
                print(f"{r['id']}\t{r['doc']}\tmiss={miss}\tfp={fp}\t{r['cues']}\tev={r['evidence']}\t{r['sentence']}")


if __name__ == '__main__':
    main()
