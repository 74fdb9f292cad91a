"""Per-type CV table and the veto's and the addition's shares (issue 14, round 11; reporting only).
Run where cv.py ran, after `cv.py stage1` wrote the out-of-fold probabilities: python3 cv_per_type.py."""
import sys
exec(open(__file__.replace('cv_per_type.py', 'cv.py')).read().split("if __name__")[0])
P4=np.load('oof_chars_4_balanced.npy'); P16=np.load('oof_chars_16_balanced.npy')
c=CUE[d6]; g=G[d6]
D={'cues':c,'round 10 (C=4, 0 / 0.6)':decide(c,P4,0,0.6),'round 11 (C=16, 0.1 / 0.7)':decide(c,P16,0.1,0.7)}
print('| type | ' + ' | '.join(D) + ' |')
for k in range(6):
    print('| %s | '%T[k] + ' | '.join('%.3f / %.3f / %.3f'%prf(v[:,k],g[:,k]) for v in D.values())+' |')
print('| **micro** | ' + ' | '.join('%.3f / %.3f / %.3f'%prf(v,g) for v in D.values())+' |')
vet=c&(P16<0.1); add=~c&(P16>=0.7)
print('vetoed', vet.sum(), 'of which wrong (not gold)', (vet&~g).sum(), 'cue codes', c.sum(), 'cue codes wrong', (c&~g).sum())
print('added', add.sum(), 'of which right', (add&g).sum())
# decomposition: veto only / add only
for name,(lo,hi) in {'veto 0.1 only':(0.1,1.01),'add 0.7 only':(0,0.7)}.items():
    print(name,'%.3f / %.3f / %.3f'%prf(decide(c,P16,lo,hi),g))
