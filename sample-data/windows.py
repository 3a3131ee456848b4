"""One-hour windows of the sample data, computed with NumPy independently of modeltop.

Prints the table of README.md ("What a one-hour window shows"): PSI of `amount` on BR against
BR's reference rows (decile edges as np.quantile, bisect_left, zero proportions -> 1e-4),
precision on flagged labelled web requests, the null rate of account_age_days on android, the
fraud label rate and recall of labelled requests, and the p99 latency of all prediction lines.
Run: python3 sample-data/windows.py
"""
import csv, json, os

import numpy as np
from datetime import datetime
d=os.path.dirname(os.path.abspath(__file__))
t0=1793606400
def ts(s): return datetime.fromisoformat(s.replace('Z','+00:00')).timestamp()-t0
lab={}
for ln in open(d+'/labels.jsonl'):
    r=json.loads(ln); lab[r['id']]=r['label']
P=[];L=[]
for ln in open(d+'/predictions.jsonl','rb'):
    try: r=json.loads(ln.decode())
    except Exception: continue
    t=ts(r['ts']); L.append((t,r['latency_ms']))
    if r['version']!='v3' or r['status']!='ok' or not isinstance(r.get('score'),float): continue
    f=r['features']; P.append((t,r['score'],lab.get(r['id']),f['country'],f['device'],f['amount'],f['account_age_days']))
ref=list(csv.DictReader(open(d+'/reference.csv')))
refBR=np.array([float(r['amount']) for r in ref if r['country']=='BR'])
edges=np.unique(np.quantile(refBR,[i/10 for i in range(1,10)]))
def props(x):
    idx=np.searchsorted(edges,x,side='left'); c=np.bincount(idx,minlength=len(edges)+1)/len(x); return np.where(c==0,1e-4,c)
rp=props(refBR)
print('window end | BR n, amount PSI | web flagged, precision | android null | label rate, recall | latency p99')
for end in [60,80,100,120,140,160,180,200,220,240]:
    e=end*60; s=e-3600
    W=[p for p in P if s<=p[0]<e]
    br=np.array([p[5] for p in W if p[3]=='BR']); cp=props(br); psi=((cp-rp)*np.log(cp/rp)).sum()
    web=[p for p in W if p[4]=='web' and p[1]>=.5 and p[2] is not None]; prec=np.mean([p[2] for p in web])
    andr=[p for p in W if p[4]=='android']; nul=np.mean([p[6] is None for p in andr])
    labd=[p for p in W if p[2] is not None]; rate=np.mean([p[2] for p in labd])
    fr=[p for p in labd if p[2]==1]; rec=np.mean([p[1]>=.5 for p in fr])
    lat=[l for t,l in L if s<=t<e]; p99=np.percentile(lat,99)
    print(f"{8 + end // 60:02d}:{end % 60:02d} | {len(br):4d} {psi:6.3f} | {len(web):3d} {prec:.2f} | {nul:.2f} | {rate:.3f} {rec:.3f} | {p99:6.1f}")
