"""Round 11 cross-validation (issue 14): veto + union, word features, C and class weights.
Run in the folder round 10's prep.py wrote, after `policy-mine run -q --force --corpus corpus --out out
--group-by doc` and tokens.py: python3 cv.py stage1 | stage2 FEAT C CW. The design and the selection
rule are in README.md, fixed before this ran. Only dev rows are read."""
import csv, collections, itertools, os, sys, time
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from scipy.sparse import hstack

T = ['organization', 'regulation', 'enforcement', 'engineering', 'economic', 'information']
rows = list(csv.DictReader(open('rows.csv', encoding='utf-8')))
rows = [r for r in rows if r['split'] == 'dev']          # nothing else is read
text = collections.defaultdict(str)
for r in csv.DictReader(open('out/sentences.csv', encoding='utf-8')):
    text[r['doc_id']] += r['text']
toks = {r['key']: r['tokens'] for r in csv.DictReader(open('tokens.csv', encoding='utf-8'))}
rule = collections.defaultdict(set)
for r in csv.DictReader(open('out/measures.csv', encoding='utf-8')):
    rule[r['doc_id']].add(r['measure_type'])
N = len(rows)
G = np.array([[t in r['gold'].split('|') for t in T] for r in rows])
CUE = np.array([[t in rule[r['key']] for t in T] for r in rows])
chars = [text[r['key']] for r in rows]
words = [toks[r['key']] for r in rows]
d6 = np.array([i for i, r in enumerate(rows) if r['set'] == 'd6'])
other = np.array([i for i, r in enumerate(rows) if r['set'] != 'd6'])
groups = np.array([rows[i]['doc'] for i in d6])
LOW, HIGH = [0, 0.05, 0.1, 0.2, 0.3], [0.4, 0.5, 0.6, 0.7, 0.8, 1.01]

def features(tri, tei, feat):
    v = TfidfVectorizer(analyzer='char', ngram_range=(1, 3), min_df=2, sublinear_tf=True, lowercase=False)
    xt, xe = v.fit_transform([chars[i] for i in tri]), v.transform([chars[i] for i in tei])
    if feat == 'words':
        w = TfidfVectorizer(tokenizer=str.split, token_pattern=None, min_df=2, sublinear_tf=True, lowercase=False)
        xt = hstack([xt, w.fit_transform([words[i] for i in tri])]).tocsr()
        xe = hstack([xe, w.transform([words[i] for i in tei])]).tocsr()
    return xt, xe

def fit_predict(tri, tei, feat, C, cw):
    xt, xe = features(tri, tei, feat)
    P = np.zeros((len(tei), len(T)))
    for k in range(len(T)):
        m = LogisticRegression(C=C, max_iter=5000, class_weight=cw).fit(xt, G[tri, k])
        P[:, k] = m.predict_proba(xe)[:, 1]
    return P

def oof(idx, feat, C, cw, n_splits, extra):
    """Out-of-fold probabilities on dev6 rows idx, grouped by document; extra rows always train."""
    P = np.zeros((len(idx), len(T)))
    g = np.array([rows[i]['doc'] for i in idx])
    for tr, te in GroupKFold(n_splits=n_splits).split(idx, groups=g):
        P[te] = fit_predict(np.concatenate([extra, idx[tr]]), idx[te], feat, C, cw)
    return P

def decide(cue, P, lo, hi):
    return (cue & (P >= lo)) | (~cue & (P >= hi))

def prf(pred, gold):
    tp, fp, fn = (pred & gold).sum(), (pred & ~gold).sum(), (~pred & gold).sum()
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return p, r, 2 * p * r / max(p + r, 1e-9)

def stage1():
    out = csv.writer(open('cv_stage1.csv', 'a', newline=''), lineterminator='\n')
    for feat, C, cw in itertools.product(['chars', 'words'], [4, 1, 16], ['balanced', None]):
        f = f'oof_{feat}_{C}_{cw}.npy'
        t0 = time.time()
        if not os.path.exists(f):
            np.save(f, oof(d6, feat, C, cw, 4, other))
        P = np.load(f)
        for lo, hi in itertools.product(LOW, HIGH):
            p, r, f1 = prf(decide(CUE[d6], P, lo, hi), G[d6])
            out.writerow([feat, C, cw, lo, hi, '%.4f' % p, '%.4f' % r, '%.4f' % f1])
        print(feat, C, cw, 'done %.0fs' % (time.time() - t0), file=sys.stderr, flush=True)

def stage2(feat, C, cw):
    """Per-type thresholds by nested CV: inner grouped 3-fold on each outer fold's dev6 training docs."""
    Pout = np.load(f'oof_{feat}_{C}_{cw}.npy')
    pred = np.zeros_like(G[d6])
    chosen = []
    for tr, te in GroupKFold(n_splits=4).split(d6, groups=groups):
        Pin = oof(d6[tr], feat, C, cw, 3, other)   # inner out-of-fold probabilities
        for k in range(len(T)):
            best = max(((prf(decide(CUE[d6[tr], k], Pin[:, k], lo, hi), G[d6[tr], k])[2], -lo, -hi, lo, hi)
                        for lo, hi in itertools.product(LOW, HIGH)))
            lo, hi = best[3], best[4]
            chosen.append((T[k], lo, hi))
            pred[te, k] = decide(CUE[d6[te], k], Pout[te, k], lo, hi)
    p, r, f1 = prf(pred, G[d6])
    print('stage2', feat, C, cw, 'P=%.4f R=%.4f F1=%.4f' % (p, r, f1))
    print(chosen)

if __name__ == '__main__':
    stage1() if sys.argv[1] == 'stage1' else stage2(sys.argv[2], int(sys.argv[3]), None if sys.argv[4] == 'None' else sys.argv[4])
