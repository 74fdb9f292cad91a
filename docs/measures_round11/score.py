"""Round 11's one scoring on the unseen splits (issue 14): cues alone, round 10's design (cues ∪
character model at 0.6) and the design cv.py selected, each model trained on every dev row.
Run in the folder round 10's prep.py wrote, after tokens.py: python3 score.py FEAT C CW T_LOW T_HIGH."""
import sys
sys.argv, args = sys.argv[:2], sys.argv[1:]
exec(open(__file__.replace('score.py', 'cv.py')).read().split("if __name__")[0].replace(
    "rows = [r for r in rows if r['split'] == 'dev']          # nothing else is read", ''))
feat, C, cw, lo, hi = args[0], int(args[1]), None if args[2] == 'None' else args[2], float(args[3]), float(args[4])
train = np.array([i for i, r in enumerate(rows) if r['split'] == 'dev'])
every = np.arange(N)
P10 = fit_predict(train, every, 'chars', 4, 'balanced')
P11 = P10 if (feat, C, cw) == ('chars', 4, 'balanced') else fit_predict(train, every, feat, C, cw)
designs = [('cues', CUE), ('round 10: cues ∪ model 0.6', decide(CUE, P10, 0, 0.6)),
           (f'round 11: veto {lo} ∪ model {hi}', decide(CUE, P11, lo, hi))]
for name, sel in [('dev4 check', ('d4', 'check')), ('other genres test', ('o', 'test')),
                  ('dev3 test', ('d3', 'test')), ('bundled test', ('b', 'test'))]:
    idx = np.array([i for i, r in enumerate(rows) if (r['set'], r['split']) == sel])
    print(f'\n{name} ({len(idx)} rows)')
    for d, pred in designs:
        print('  %-28s micro P %.3f R %.3f F1 %.3f' % ((d,) + prf(pred[idx], G[idx])))
    for d, pred in designs[::2]:
        print('  ' + d + ' per type: ' + '; '.join('%s %.2f/%.2f/%.2f' % ((T[k][:5],) + prf(pred[idx, k], G[idx, k]))
                                                   for k in range(len(T))))
# Paired bootstrap over rows (reporting only): round 11 − round 10 micro F1, 95 % interval.
rng = np.random.default_rng(11)
for name, sel in [('dev4 check', ('d4', 'check')), ('other genres test', ('o', 'test')),
                  ('dev3 test', ('d3', 'test')), ('bundled test', ('b', 'test'))]:
    idx = np.array([i for i, r in enumerate(rows) if (r['set'], r['split']) == sel])
    diffs = []
    for _ in range(2000):
        b = rng.choice(idx, len(idx))
        diffs.append(prf(designs[2][1][b], G[b])[2] - prf(designs[1][1][b], G[b])[2])
    print('%-18s F1 difference round 11 - round 10: 95%% interval [%.3f, %.3f]' % ((name,) + tuple(np.percentile(diffs, [2.5, 97.5]))))
