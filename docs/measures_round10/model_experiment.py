"""Would a supervised model trained on ~6,000 coded sentences code unseen text better than cues?
(issue 14, round 10). Run in the folder prep.py wrote, after `policy-mine run --corpus corpus --out out
--group-by doc`: python3 model_experiment.py. scikit-learn 1.9, scipy, numpy.
Part 1: grouped 4-fold cross-validation by document on dev6 (text the rules never saw), training on
every other dev row. Part 2: scored once, after part 1 fixed the design (char 1-3 grams, C=4,
threshold 0.6, union with the rules): dev4 check and the test splits. Part 3: learning curve."""
import csv, collections, random
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from scipy.sparse import hstack, csr_matrix

T = ['organization', 'regulation', 'enforcement', 'engineering', 'economic', 'information']
rows = list(csv.DictReader(open('rows.csv', encoding='utf-8')))
rule = collections.defaultdict(set)
for r in csv.DictReader(open('out/measures.csv', encoding='utf-8')):
    rule[r['doc_id']].add(r['measure_type'])
gold = [set(filter(None, r['gold'].split('|'))) for r in rows]
rules = [rule[r['key']] for r in rows]
texts = [r['sentence'] for r in rows]
R = csr_matrix(np.array([[1.0 if t in rules[i] else 0.0 for t in T] for i in range(len(rows))]))
golddev = [i for i, r in enumerate(rows) if r['split'] == 'dev' and r['set'] != 'd6']
d6 = [i for i, r in enumerate(rows) if r['set'] == 'd6']
def prf(idx, pred):
    tp = sum(len(pred[i] & gold[i]) for i in idx); fp = sum(len(pred[i] - gold[i]) for i in idx)
    fn = sum(len(gold[i] - pred[i]) for i in idx)
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return 'P=%.3f R=%.3f F1=%.3f' % (p, r, 2 * p * r / max(p + r, 1e-9))
def per_type(idx, pred):
    out = []
    for t in T:
        tp = sum(1 for i in idx if t in pred[i] and t in gold[i]); fp = sum(1 for i in idx if t in pred[i] and t not in gold[i])
        fn = sum(1 for i in idx if t not in pred[i] and t in gold[i])
        out.append(f'{t[:4]} {tp}/{tp+fp}/{tp+fn}')
    return ' '.join(out)
def fit_predict(tri, tei, stack=False, C=4):
    vec = TfidfVectorizer(analyzer='char', ngram_range=(1, 3), min_df=2, sublinear_tf=True)
    xt = vec.fit_transform([texts[i] for i in tri]); xe = vec.transform([texts[i] for i in tei])
    if stack:
        xt = hstack([xt, R[tri] * 3]).tocsr(); xe = hstack([xe, R[tei] * 3]).tocsr()
    P = {}
    for t in T:
        y = np.array([t in gold[i] for i in tri])
        P[t] = LogisticRegression(C=C, max_iter=3000, class_weight='balanced').fit(xt, y).predict_proba(xe)[:, 1]
    return P
def at(tei, P, th): return {i: {t for t in T if P[t][k] >= th} for k, i in enumerate(tei)}

print('d6 rows', len(d6), 'gold-dev rows', len(golddev))
print('rules on d6           ', prf(d6, rules), '|', per_type(d6, rules))
P = fit_predict(golddev, d6, False)
for th in (0.5, 0.6, 0.7):
    m = at(d6, P, th); u = {i: m[i] | rules[i] for i in d6}
    print(f'chars(gold dev) th{th}: model', prf(d6, m), '| union', prf(d6, u))
groups = [rows[i]['doc'] for i in d6]
for stack in (False, True):
    for th in (0.4, 0.5, 0.6):
        pred = {}
        for tr, te in GroupKFold(n_splits=4).split(d6, groups=groups):
            tri = golddev + [d6[k] for k in tr] if not stack else [d6[k] for k in tr]
            tei = [d6[k] for k in te]
            pred.update(at(tei, fit_predict(tri, tei, stack), th))
        u = {i: pred[i] | rules[i] for i in d6}
        print(f'cv d6 stack={stack} th{th}: model', prf(d6, pred), '| union', prf(d6, u), flush=True)
        print('   ', per_type(d6, pred))

train = [i for i, r in enumerate(rows) if r['split'] == 'dev']
P = fit_predict(train, list(range(len(rows))))
for name, idx in [('dev4 check', [i for i, r in enumerate(rows) if r['set'] == 'd4' and r['split'] == 'check']),
                  ('other test', [i for i, r in enumerate(rows) if r['set'] == 'o' and r['split'] == 'test']),
                  ('dev3 test', [i for i, r in enumerate(rows) if r['set'] == 'd3' and r['split'] == 'test']),
                  ('bundled test', [i for i, r in enumerate(rows) if r['set'] == 'b' and r['split'] == 'test'])]:
    allp = at(list(range(len(rows))), P, 0.6)
    u = {i: allp[i] | rules[i] for i in idx}
    print(f'{name:13} n={len(idx)} rules', prf(idx, rules), '| rules+model', prf(idx, u))
    print('     rules ', per_type(idx, rules)); print('     union ', per_type(idx, u))
d6 = [i for i, r in enumerate(rows) if r['set'] == 'd6']
golddev = [i for i in train if rows[i]['set'] != 'd6']
groups = [rows[i]['doc'] for i in d6]
for frac in (0.0, 0.25, 0.5, 1.0):
    pred = {}
    for tr, te in GroupKFold(n_splits=4).split(d6, groups=groups):
        trd = [d6[k] for k in tr]; trd = random.Random(1).sample(trd, int(frac * len(trd)))
        tei = [d6[k] for k in te]
        pred.update(at(tei, fit_predict(golddev + trd, tei), 0.6))
    u = {i: pred[i] | rules[i] for i in d6}
    print(f'learning curve: {len(golddev)}+{frac:.2f}*3/4 d6: model', prf(d6, pred), '| union', prf(d6, u), flush=True)
