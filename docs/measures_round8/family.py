#!/usr/bin/env python3
"""Evaluate one candidate family of cue rows (issue 14, round 8).

usage: family.py BASE.csv ROWS.csv OUTDIR [K]
  BASE.csv  the dictionary before; ROWS.csv  rows to append (with header; `exclude` rows
  too); when ROWS.csv starts with `#remove`, the patterns on the lines after it (up to a header
  line) are dropped from BASE, and the rows after that header, if any, appended.
Writes OUTDIR/measures.csv, prints the two-fold dev figures (folds.py) before and after, then runs
both shared corpora, lists every (sentence, type) code added or removed and a seeded sample of K
(seed `round8:<rows file>`) of them, gold sentences (every tests/fixtures gold, by text) left out.
The corpus runs of BASE are cached next to it (`corpus_2026/`, `corpus_national/`), so keep BASE in
a scratch folder (e.g. /tmp/base/measures.csv), never in dictionaries/.
"""
import csv, glob, os, random, subprocess, sys, unicodedata
csv.field_size_limit(10**9)
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BIN = os.path.join(ROOT, 'target', 'release', 'policy-mine')
CORPORA = {'2026': '/work/shared/corpora/gov-work-reports-2026', 'national': '/work/shared/corpora/gov-work-reports-national'}


def norm(s):
    return ''.join(unicodedata.normalize('NFKC', s).split())


def build(base, rows, out):
    lines = open(base, encoding='utf-8').read().splitlines()
    extra = open(rows, encoding='utf-8').read().splitlines()
    if extra and extra[0].startswith('#remove'):
        head = extra.index('measure_type,label,family,pattern,kind') if 'measure_type,label,family,pattern,kind' in extra else len(extra)
        drop = set(x for x in extra[1:head] if x.strip())
        lines = [l for l in lines if l.startswith('measure_type') or next(csv.reader([l]))[3] not in drop]
        extra = extra[head:]
    lines += [l for l in extra[1:] if l.strip()]
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, 'measures.csv')
    open(path, 'w', encoding='utf-8').write('\n'.join(lines) + '\n')
    return path


def run(measures, out, fresh):
    codes, texts = {}, {}
    for c, d in CORPORA.items():
        o = f'{out}_{c}'
        if fresh or not os.path.exists(os.path.join(o, 'measures.csv')):
            subprocess.run([BIN, 'run', '-q', '--force', '--corpus', d, '--out', o, '--measures', measures], check=True)
        for r in csv.DictReader(open(os.path.join(o, 'measures.csv'), encoding='utf-8')):
            codes[(r['doc_id'], r['sentence_id'], r['measure_type'])] = r['cues']
        for r in csv.DictReader(open(os.path.join(o, 'sentences.csv'), encoding='utf-8')):
            texts[(r['doc_id'], r['sentence_id'])] = r['text']
    return codes, texts


def main():
    base, rows, out = sys.argv[1:4]
    k = int(sys.argv[4]) if len(sys.argv) > 4 else 10
    cand = build(base, rows, out)
    for m in (base, cand):
        res = subprocess.run(['python3', os.path.join(HERE, 'folds.py'), '--measures', m, '--types'],
                             check=True, capture_output=True, text=True).stdout
        print('##', os.path.basename(os.path.dirname(m)) or m, '\n' + res)
    gold = set()
    for f in glob.glob(os.path.join(ROOT, 'tests', 'fixtures', '*gold*.csv')):
        for r in csv.DictReader(open(f, encoding='utf-8')):
            if 'sentence' in r:
                gold.add(norm(r['sentence']))
    b, _ = run(base, os.path.join(os.path.dirname(base), 'corpus'), False)
    c, texts = run(cand, os.path.join(out, 'corpus'), True)
    added = sorted(x for x in c if x not in b)
    removed = sorted(x for x in b if x not in c)
    print(f'corpus: +{len(added)} -{len(removed)} sentence codes')
    for sign, keys, src in (('+', added, c), ('-', removed, b)):
        keys = [x for x in keys if norm(texts[x[:2]]) not in gold]
        rnd = random.Random(f'round8:{os.path.basename(rows)}:{sign}')
        for x in sorted(rnd.sample(keys, min(k, len(keys)))):
            print(f'{sign} {x[2]:<12} {x[0]}#{x[1]} [{src[x][:60]}] {texts[x[:2]][:150]}')


if __name__ == '__main__':
    main()
