"""Train the measure model shipped as dictionaries/measure_model.tsv (issue 14, round 11: round 10's
script with the design round 11's cv.py selected: a veto line and the selected thresholds).

Run in the folder prep.py wrote, after `policy-mine run -q --force --corpus corpus --out out
--group-by doc`: python3 train_model.py MODEL.tsv PARITY.csv C THRESHOLD VETO. Trains, per type, a logistic
regression (C as given, balanced class weights) on character 1-3 grams (tf-idf, sublinear tf, l2 norm;
no lowercasing) of the normalized text of every `dev` row of the six-type gold sets (dev6 included),
the design cv.py selected (README.md). PARITY.csv: 60 seeded sentences with the model's
probabilities, which the Rust scorer must reproduce."""
import csv, collections, random, sys
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

T = ['organization', 'regulation', 'enforcement', 'engineering', 'economic', 'information']
C, MIN_DF, THRESHOLD, VETO = int(sys.argv[3]), 2, float(sys.argv[4]), float(sys.argv[5])
rows = list(csv.DictReader(open('rows.csv', encoding='utf-8')))
text = collections.defaultdict(str)
for r in csv.DictReader(open('out/sentences.csv', encoding='utf-8')):
    text[r['doc_id']] += r['text']
train = [r for r in rows if r['split'] == 'dev']
docs = [text[r['key']] for r in train]
vec = TfidfVectorizer(analyzer='char', ngram_range=(1, 3), min_df=MIN_DF, sublinear_tf=True, lowercase=False)
x = vec.fit_transform(docs)
W, B = [], []
for t in T:
    y = np.array([t in r['gold'].split('|') for r in train])
    m = LogisticRegression(C=C, max_iter=5000, class_weight='balanced').fit(x, y)
    W.append(m.coef_[0]); B.append(m.intercept_[0])
# Four significant digits: the file stays small and no training row's code changes.
W = np.array([[float('%.4g' % v) for v in row] for row in W])
B = [float('%.4g' % b) for b in B]
idf = np.array([float('%.4g' % v) for v in vec.idf_])
vocab = sorted(vec.vocabulary_.items(), key=lambda kv: kv[1])
with open(sys.argv[1], 'w', encoding='utf-8', newline='\n') as f:
    f.write('# policy-mine measure model: per type a logistic regression on character 1-3 grams (tf-idf).\n')
    f.write(f'# Trained by docs/measures_round11/train_model.py on {len(train)} coded dev sentences; a type no\n')
    f.write('# cue coded is coded when its probability reaches the threshold, and a cue\'s code is dropped\n')
    f.write('# when it is below the veto. Lines: ngram, idf, one weight per type.\n')
    f.write('format\tpolicy-mine-measure-model-1\n')
    f.write(f'ngram_range\t1\t3\nthreshold\t{THRESHOLD}\nveto\t{VETO}\n')
    f.write('types\t' + '\t'.join(T) + '\n')
    f.write('intercept\t' + '\t'.join('%.4g' % b for b in B) + '\n')
    for g, j in vocab:
        assert '\t' not in g and '\n' not in g and '\r' not in g, repr(g)
        f.write(g + '\t' + '%.4g' % idf[j] + '\t' + '\t'.join('%.4g' % w for w in W[:, j]) + '\n')
# Parity sample: the model's probabilities for seeded sentences of every split.
pick = random.Random(7).sample(range(len(rows)), 60)
vec.idf_ = idf  # score with the rounded file, as the Rust scorer does
ps = 1 / (1 + np.exp(-(vec.transform([text[rows[i]['key']] for i in pick]) @ W.T + np.array(B))))
with open(sys.argv[2], 'w', encoding='utf-8', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(['text'] + T)
    for k, i in enumerate(pick):
        w.writerow([text[rows[i]['key']]] + ['%.9f' % p for p in ps[k]])
print(len(vocab), 'features', file=sys.stderr)
