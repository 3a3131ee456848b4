#!/usr/bin/env python3
"""The realized metrics of each chunk as scikit-learn computes them: the oracle of modeltop's
`performance.realized` on NannyML's data (export.py's files).

    python sklearn_realized.py DATA_DIR TASK CHUNK_SIZE OUT.json

Chunks are rows [k·N, (k+1)·N) of analysis.csv in file order, as modeltop's `--chunk-size N`
(N prediction records in read order) and NannyML's size-based chunker cut them; each row's label
is the targets file's row with its id. Multiclass: accuracy, macro precision / recall / F1
(`zero_division=np.nan`, a class left out of the mean when undefined, as docs/tasks.md says),
weighted F1, one-vs-rest macro ROC AUC on the three `y_pred_proba_*` columns. Regression: MAE,
MSE, RMSE, MAPE, MSLE, R².
"""
import json
import os
import sys
import time

import numpy as np
import pandas as pd
import sklearn
from sklearn.metrics import (accuracy_score, f1_score, mean_absolute_error, mean_absolute_percentage_error,
                             mean_squared_error, mean_squared_log_error, precision_score, r2_score, recall_score,
                             roc_auc_score)

CLASSES = ["highstreet_card", "prepaid_card", "upmarket_card"]


def nan_mean(values):
    return None if np.all(np.isnan(values)) else float(np.nanmean(values))


def multiclass(chunk):
    y, p = chunk["y_true"].to_numpy(), chunk["y_pred"].to_numpy()
    out = {"labelled": int(len(y)), "accuracy": float(accuracy_score(y, p))}
    for key, fn in [("macro_precision", precision_score), ("macro_recall", recall_score), ("macro_f1", f1_score)]:
        out[key] = nan_mean(fn(y, p, labels=CLASSES, average=None, zero_division=np.nan))
    out["weighted_f1"] = float(f1_score(y, p, labels=CLASSES, average="weighted", zero_division=np.nan))
    proba = chunk[[f"y_pred_proba_{c}" for c in CLASSES]].to_numpy()
    out["roc_auc"] = float(roc_auc_score(y, proba, multi_class="ovr", average="macro", labels=CLASSES))
    return out


def regression(chunk):
    y, p = chunk["y_true"].to_numpy(float), chunk["y_pred"].to_numpy(float)
    mse = float(mean_squared_error(y, p))
    out = {"labelled": int(len(y)), "mae": float(mean_absolute_error(y, p)), "mse": mse, "rmse": float(np.sqrt(mse)),
           "mape": float(mean_absolute_percentage_error(y, p)), "r2": float(r2_score(y, p))}
    out["msle"] = None if (y < 0).any() or (p < 0).any() else float(mean_squared_log_error(y, p))
    return out


def main():
    folder, task, size, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    start = time.perf_counter()
    analysis = pd.read_csv(os.path.join(folder, "analysis.csv"))
    targets = pd.read_csv(os.path.join(folder, "targets.csv"))
    # A left join keeps analysis.csv's row order.
    joined = analysis.merge(targets, on="id", how="left", validate="one_to_one")
    if "y_true_y" in joined:
        raise SystemExit("analysis.csv already has y_true")
    compute = multiclass if task == "multiclass" else regression
    chunks = []
    for lo in range(0, len(joined), size):
        chunk = joined.iloc[lo:lo + size]
        labelled = chunk[chunk["y_true"].notna()]
        chunks.append({"first_record": lo, "records": len(chunk), "realized": compute(labelled)})
    seconds = time.perf_counter() - start
    with open(out, "w") as f:
        json.dump({"sklearn": sklearn.__version__, "task": task, "chunk_size": size, "seconds": seconds,
                   "chunks": chunks}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
