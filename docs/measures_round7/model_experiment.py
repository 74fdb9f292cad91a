#!/usr/bin/env python3
"""Would a supervised classifier close the held-out recall gap where cues do not?

Inputs (made by the commands in model_experiment.md): rows.csv (every gold row), segs.txt
(`policy-mine segment` of each row, one line per row), out/measures.csv (the rules' codes, one
document per row). Trains one logistic regression per type (scikit-learn, word unigrams and
bigrams of content POS, optionally the rules' codes as features) on every dev row of the six-type
gold sets (bundled dev, other-genres dev, dev2, dev3 dev, dev4 dev: 863 rows) and scores dev4's
`check` split (252 rows, never tuned on). Test splits are not used.
"""
import csv, collections
import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

T = ['organization', 'regulation', 'enforcement', 'engineering', 'economic', 'information']
SKIP_POS = {'x', 'm', 'uj', 'p', 'c', 'u', 'd', 'r', 'f', 't', 'q'}
rows = list(csv.DictReader(open('rows.csv', encoding='utf-8')))
segs = [l.rstrip('\n').split(' ') for l in open('segs.txt', encoding='utf-8')]
rule = collections.defaultdict(set)
for r in csv.DictReader(open('out/measures.csv', encoding='utf-8')):
    rule[r['doc_id']].add(r['measure_type'])
gold = [set(filter(None, r['gold'].split('|'))) for r in rows]
rules = [rule[r['key']] for r in rows]
train = [i for i, r in enumerate(rows) if r['split'] == 'dev']
check = [i for i, r in enumerate(rows) if r['set'] == 'd4' and r['split'] == 'check']


def feats(toks, codes, with_rules):
    words = [t.rsplit('/', 1)[0] for t in toks if '/' in t and t.rsplit('/', 1)[1] not in SKIP_POS]
    f = {'w=' + w: 1 for w in words}
    f.update({'b=' + a + '_' + b: 1 for a, b in zip(words, words[1:])})
    if with_rules:
        f.update({'rule=' + t: 1 for t in codes})
    return f


def prf(pred):
    tp = sum(len(pred[i] & gold[i]) for i in check)
    fp = sum(len(pred[i] - gold[i]) for i in check)
    fn = sum(len(gold[i] - pred[i]) for i in check)
    p, r = tp / (tp + fp), tp / (tp + fn)
    return f'P={p:.3f} R={r:.3f} F1={2 * p * r / (p + r):.3f}'


print(f'train {len(train)} check {len(check)}')
print('rules alone          ', prf(rules))
for with_rules in (False, True):
    F = [feats(segs[i], rules[i], with_rules) for i in range(len(rows))]
    dv = DictVectorizer()
    xt, xc = dv.fit_transform([F[i] for i in train]), dv.transform([F[i] for i in check])
    prob = {t: LogisticRegression(C=0.5, max_iter=2000)
            .fit(xt, np.array([t in gold[i] for i in train])).predict_proba(xc)[:, 1] for t in T}
    for th in (0.3, 0.4, 0.5):
        model = {i: {t for t in T if prob[t][k] >= th} for k, i in enumerate(check)}
        union = {i: rules[i] | model[i] for i in check}
        print(f'rules as features={with_rules!s:5} threshold {th}: model {prf(model)} | rules + model {prf(union)}')
