#!/usr/bin/env python3
"""Evaluate one candidate family on dev6's folds C/D, the older dev rows' folds A/B and the shared corpora
(issue 14, round 10; round 8's family.py with dev6's folds added).

usage: family10.py BASE.csv ROWS.csv OUTDIR [K]
Prints micro tp/fp/fn/F1 (and per type where they change) of folds C, D (dev6_folds.py) and A, B
(folds.py) before and after, then the corpus codes added/removed and a seeded sample of K of each
(seed `round10:<rows file>:<sign>`, gold sentences left out). Keep BASE in a scratch folder.
"""
import csv, glob, io, os, random, subprocess, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'measures_round8'))
import family  # noqa: E402


def folds(measures):
    out = {}
    for script in (os.path.join(HERE, 'dev6_folds.py'), os.path.join(os.path.dirname(HERE), 'measures_round8', 'folds.py')):
        res = subprocess.run(['python3', script, '--measures', measures, '--types'], check=True,
                             capture_output=True, text=True).stdout
        for r in csv.DictReader(io.StringIO(res)):
            out[(r['fold'], r['scope'])] = (int(r['tp']), int(r['fp']), int(r['fn']), float(r['f1']))
    return out


def cached_folds(measures):
    path = measures + '.folds'
    if os.path.exists(path) and os.path.getmtime(path) > os.path.getmtime(measures):
        return {tuple(k.split('/')): tuple(float(x) if '.' in x else int(x) for x in v.split(','))
                for k, v in (l.split() for l in open(path))}
    out = folds(measures)
    open(path, 'w').write(''.join(f'{k[0]}/{k[1]} {",".join(map(str, v))}\n' for k, v in out.items()))
    return out


def main():
    base, rows, out = sys.argv[1:4]
    k = int(sys.argv[4]) if len(sys.argv) > 4 else 10
    cand = family.build(base, rows, out)
    b, c = cached_folds(base), folds(cand)
    for fold in 'CDAB':
        tb, tc = b[(fold, 'micro')], c[(fold, 'micro')]
        diff = '=' if tb == tc else f'{tc[0]}/{tc[1]}/{tc[2]} {tc[3]:.3f} ({tc[3] - tb[3]:+.3f})'
        types = ' '.join(f'{s}:{b[(f, s)][3]:.3f}->{c[(f, s)][3]:.3f}' for (f, s) in sorted(b)
                         if f == fold and s != 'micro' and b[(f, s)] != c[(f, s)])
        print(f'fold {fold}: base {tb[0]}/{tb[1]}/{tb[2]} {tb[3]:.3f}  after {diff}  {types}')
    gold = set()
    for f in glob.glob(os.path.join(family.ROOT, 'tests', 'fixtures', '*gold*.csv')):
        for r in csv.DictReader(open(f, encoding='utf-8')):
            if 'sentence' in r:
                gold.add(family.norm(r['sentence']))
    bc, _ = family.run(base, os.path.join(os.path.dirname(base), 'corpus'), False)
    cc, texts = family.run(cand, os.path.join(out, 'corpus'), True)
    added = sorted(x for x in cc if x not in bc)
    removed = sorted(x for x in bc if x not in cc)
    print(f'corpus: +{len(added)} -{len(removed)} sentence codes')
    for sign, keys, src in (('+', added, cc), ('-', removed, bc)):
        keys = [x for x in keys if family.norm(texts[x[:2]]) not in gold]
        rnd = random.Random(f'round10:{os.path.basename(rows)}:{sign}')
        for x in sorted(rnd.sample(keys, min(k, len(keys)))):
            print(f'{sign} {x[2]:<12} {x[0]}#{x[1]} [{src[x][:50]}] {texts[x[:2]][:140]}')


if __name__ == '__main__':
    main()
