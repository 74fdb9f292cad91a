#!/usr/bin/env python3
"""Two-fold scoring of the measure coder on the DEV rows of every six-type gold set (issue 14, round 8;
round 9 added measures_gold_dev5.csv under the same fold rule).

Only rows with split == 'dev' are read; test/check rows are dropped before anything is scored, so
their misses are never printed. Folds are by document: fold A if sha1(doc_id) is even, else B
(measures_gold.csv has no doc_id; its `province` names the document). Fixed before any miss was read.

usage: folds.py [--measures FILE] [--misses A|B] [--types]
  prints P/R/F1 per fold (and per type with --types); --misses X lists fold X's disagreements.
"""
import csv, hashlib, io, os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIX = os.path.join(ROOT, 'tests', 'fixtures')
SETS = [('b', 'measures_gold.csv'), ('o', 'measures_gold_other.csv'), ('d2', 'measures_gold_dev2.csv'),
        ('d3', 'measures_gold_dev3.csv'), ('d4', 'measures_gold_dev4.csv'),
        ('d5', 'measures_gold_dev5.csv')]
TYPES = ['organization', 'regulation', 'enforcement', 'engineering', 'economic', 'information']
BIN = os.path.join(ROOT, 'target', 'release', 'policy-mine')


def fold_of(doc):
    return 'AB'[int(hashlib.sha1(doc.encode('utf-8')).hexdigest(), 16) % 2]


def dev_rows():
    rows = []
    for tag, name in SETS:
        for r in csv.DictReader(open(os.path.join(FIX, name), encoding='utf-8')):
            if r['split'] != 'dev':
                continue
            doc = r.get('doc_id') or r.get('province')
            rows.append(dict(id=f'{tag}_{r["id"]}', fold=fold_of(doc), doc=doc,
                             types=set(t for t in r['gold_types'].split('|') if t), sentence=r['sentence']))
    return rows


def tool_codes(rows, measures):
    with tempfile.NamedTemporaryFile('w', suffix='.csv', delete=False, encoding='utf-8', newline='') as f:
        w = csv.writer(f)
        w.writerow(['id', 'types', 'sentence'])
        for r in rows:
            w.writerow([r['id'], '|'.join(sorted(r['types'])), r['sentence']])
        path = f.name
    cmd = [BIN, 'validate', path, '--csv', '--disagreements']
    if measures:
        cmd += ['--measures', measures]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    os.unlink(path)
    dis = {d['key'].removeprefix('id '): d for d in csv.DictReader(io.StringIO(out))}
    for r in rows:
        d = dis.get(r['id'])
        r['tool'] = set(t for t in d['tool'].split('|') if t) if d else set(r['types'])
        r['cues'] = d['cues'] if d else ''
    return rows


def prf(rows, types=TYPES):
    tp = sum(len(r['types'] & r['tool'] & set(types)) for r in rows)
    fp = sum(len((r['tool'] - r['types']) & set(types)) for r in rows)
    fn = sum(len((r['types'] - r['tool']) & set(types)) for r in rows)
    p = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * rc / (p + rc) if p + rc else 0.0
    return tp, fp, fn, p, rc, f


def main():
    args = sys.argv[1:]
    measures = args[args.index('--measures') + 1] if '--measures' in args else None
    rows = tool_codes(dev_rows(), measures)
    print('fold,scope,n,tp,fp,fn,precision,recall,f1')
    for fold in 'AB':
        sub = [r for r in rows if r['fold'] == fold]
        scopes = [('micro', TYPES)] + ([(t, [t]) for t in TYPES] if '--types' in args else [])
        for name, ts in scopes:
            tp, fp, fn, p, rc, f = prf(sub, ts)
            print(f'{fold},{name},{len(sub)},{tp},{fp},{fn},{p:.3f},{rc:.3f},{f:.3f}')
    if '--misses' in args:
        fold = args[args.index('--misses') + 1]
        for r in rows:
            if r['fold'] == fold and r['types'] != r['tool']:
                print(f"{r['id']}\t{r['doc']}\tgold={'|'.join(sorted(r['types']))}\ttool={'|'.join(sorted(r['tool']))}\t{r['cues']}\t{r['sentence']}")


if __name__ == '__main__':
    main()
