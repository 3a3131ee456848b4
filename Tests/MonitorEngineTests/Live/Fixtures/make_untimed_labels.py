#!/usr/bin/env python3
"""Writes the untimed-labels fixture: predictions with timestamps, a target file of `id,outcome`
only (no timestamps, shuffled), as NannyML's car-loan files come, and each chunk's ROC AUC and
confusion counts from scikit-learn on that chunk's joined labels (expected.json).

    python3 make_untimed_labels.py     (numpy, scikit-learn)
"""
import json
import os

import numpy as np
from sklearn.metrics import confusion_matrix, roc_auc_score

HERE = os.path.dirname(os.path.abspath(__file__))
ROWS, CHUNK = 6_000, 1_000
rng = np.random.default_rng(2026)

# Scores with two decimals (the binned AUC is exact at up to three); the outcome drifts apart
# from the score in the later chunks, so each chunk's AUC differs.
income = rng.normal(50, 15, ROWS).round(1)
region = rng.choice(["north", "south", "east"], ROWS)
score = np.clip(rng.beta(2, 2, ROWS), 0, 1).round(2)
noise = np.linspace(0.05, 0.45, ROWS)
outcome = (rng.uniform(0, 1, ROWS) < np.clip(score + rng.normal(0, 1, ROWS) * noise, 0, 1)).astype(int)
prediction = (score >= 0.5).astype(int)
start = np.datetime64("2027-03-01T00:00:00")
times = start + (np.arange(ROWS) * 600).astype("timedelta64[s]")

with open(os.path.join(HERE, "untimed-predictions.csv"), "w") as f:
    f.write("id,income,region,timestamp,proba,decision\n")
    for i in range(ROWS):
        f.write(f"{i},{income[i]},{region[i]},{str(times[i]).replace('T', ' ')},{score[i]:.2f},{prediction[i]}\n")
order = rng.permutation(ROWS)
with open(os.path.join(HERE, "untimed-targets.csv"), "w") as f:
    f.write("id,outcome\n")
    for i in order:
        f.write(f"{i},{outcome[i]}\n")
ref_score = np.clip(rng.beta(2, 2, 2_000), 0, 1).round(2)
with open(os.path.join(HERE, "untimed-reference.csv"), "w") as f:
    f.write("income,region,proba,decision,outcome\n")
    for i in range(2_000):
        f.write(f"{rng.normal(50, 15):.1f},{rng.choice(['north', 'south', 'east'])},{ref_score[i]:.2f},"
                f"{int(ref_score[i] >= 0.5)},{int(rng.uniform() < ref_score[i])}\n")
chunks = []
for lo in range(0, ROWS, CHUNK):
    y, s, p = outcome[lo:lo + CHUNK], score[lo:lo + CHUNK], prediction[lo:lo + CHUNK]
    tn, fp, fn, tp = confusion_matrix(y, p, labels=[0, 1]).ravel()
    chunks.append({"labelled": int(len(y)), "roc_auc": float(roc_auc_score(y, s)),
                   "tp": int(tp), "fp": int(fp), "fn": int(fn), "tn": int(tn)})
with open(os.path.join(HERE, "untimed-expected.json"), "w") as f:
    json.dump({"chunk_size": CHUNK, "chunks": chunks}, f, indent=1)
