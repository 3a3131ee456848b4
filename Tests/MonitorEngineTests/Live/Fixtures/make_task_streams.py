#!/usr/bin/env python3
"""Writes the multiclass and regression stream fixtures: a reference, a prediction log and a
label log per task, with the tricky cases of docs/tasks.md (a class never predicted in a chunk,
labels of one class only, bad class scores, unknown classes, zeros in MAPE, negative values in
MSLE), and the realized metrics scikit-learn gives on each chunk's joined labels and on the
whole log (task-expected.json).

    python3 make_task_streams.py     (numpy, scikit-learn 1.9)
"""
import json
import os

import numpy as np
from sklearn.metrics import (accuracy_score, confusion_matrix, f1_score, mean_absolute_error,
                             mean_absolute_percentage_error, mean_squared_error, mean_squared_log_error,
                             precision_score, r2_score, recall_score, roc_auc_score)

HERE = os.path.dirname(os.path.abspath(__file__))
CHUNK = 1_000
rng = np.random.default_rng(1406)
CLASSES = ["highstreet_card", "prepaid_card", "upmarket_card"]  # sorted: the reference's order
START = 1_798_761_600  # 2027-01-01T00:00:00Z


def ts(seconds):
    return np.datetime_as_string(np.datetime64(int(seconds), "s"), unit="s") + "Z"


def scores_for(n, skew):
    raw = rng.dirichlet(skew, n)
    first = raw[:, :2].round(2)
    last = (1 - first.sum(axis=1)).round(2)
    ok = last >= 0
    out = np.column_stack([first, np.clip(last, 0, 1)])
    out[~ok] = [0.34, 0.33, 0.33]
    return out


def write(name, rows):
    with open(os.path.join(HERE, name), "w") as f:
        for row in rows:
            f.write(json.dumps(row, separators=(",", ":")) + "\n")


def sk_multiclass(y, p, proba):
    labels = list(range(len(CLASSES)))
    out = {"labelled": len(y)}
    if len(y) == 0:
        return out
    out["accuracy"] = accuracy_score(y, p)
    for name, fn in [("macro_precision", precision_score), ("macro_recall", recall_score), ("macro_f1", f1_score)]:
        # zero_division=nan; a class with no support and no prediction is left out of the mean
        # (NaN) as statistics.md says: np.nanmean over per-class values.
        per = fn(y, p, labels=labels, average=None, zero_division=np.nan)
        out[name] = None if np.all(np.isnan(per)) else float(np.nanmean(per))
    out["weighted_f1"] = float(f1_score(y, p, labels=labels, average="weighted", zero_division=np.nan))
    if np.isnan(out["weighted_f1"]):
        out["weighted_f1"] = None
    present = set(y)
    if len(proba) and len(present) == len(CLASSES):
        out["roc_auc"] = roc_auc_score(y_auc := np.array([r[0] for r in proba]), np.array([r[1] for r in proba]),
                                       multi_class="ovr", average="macro", labels=labels)
    else:
        out["roc_auc"] = None
    out["confusion"] = confusion_matrix(y, p, labels=labels).tolist()
    return out


def multiclass():
    reference = []
    n_ref = 2_000
    s = scores_for(n_ref, [2, 3, 1.5])
    truth = np.array([rng.choice(3, p=row) for row in s])
    for i in range(n_ref):
        reference.append({
            "ts": ts(START - 86_400 + i * 10), "id": f"r{i}",
            "features": {"income": round(float(rng.normal(50, 10)), 1), "country": str(rng.choice(["BR", "DE", "US"]))},
            "scores": dict(zip(CLASSES, map(float, s[i]))), "label": CLASSES[truth[i]],
        })
    write("multiclass-reference.jsonl", reference)

    predictions, labels, chunks = [], [], []
    n = 3 * CHUNK
    s = scores_for(n, [2, 3, 1.5])
    truth = np.array([rng.choice(3, p=row) for row in s])
    kept = []  # (index in the log, true class or None, decision, scores usable)
    for i in range(n):
        chunk = i // CHUNK
        row = {"ts": ts(START + i * 10), "id": f"m{i}",
               "features": {"income": round(float(rng.normal(52, 10)), 1), "country": str(rng.choice(["BR", "DE", "US"]))}}
        scores = dict(zip(CLASSES, map(float, s[i])))
        decision = int(np.argmax(s[i]))
        usable = True
        if chunk == 1:
            # upmarket_card is never predicted in this chunk.
            if decision == 2:
                decision = 0
            row["prediction"] = CLASSES[decision]
        if i % 97 == 5:
            # Scores that do not sum to 1: counted, the served prediction still counts.
            scores = {k: v * 0.8 for k, v in scores.items()}
            row["prediction"] = CLASSES[decision]
            usable = False
        if i % 211 == 7:
            scores = dict(scores)
            scores["platinum_card"] = 0.0
            row["prediction"] = CLASSES[decision]
            usable = False
        row["scores"] = scores
        predictions.append(row)
        y = int(truth[i])
        if chunk == 2:
            y = 1  # labels of one class only in the last chunk
        label_time = START + i * 10 + 600
        if i % 10 == 3:
            y = None  # never labelled
        elif i % 53 == 0:
            labels.append({"ts": ts(label_time), "id": f"m{i}", "label": "gold_card"})  # unknown class
            y = None
        else:
            labels.append({"ts": ts(label_time), "id": f"m{i}", "label": CLASSES[y]})
        kept.append((chunk, y, decision, usable, s[i] if usable else None))
    write("multiclass-predictions.jsonl", predictions)
    write("multiclass-labels.jsonl", labels)

    def metrics(rows):
        y = [r[1] for r in rows if r[1] is not None]
        p = [r[2] for r in rows if r[1] is not None]
        proba = [(r[1], r[4]) for r in rows if r[1] is not None and r[3]]
        return sk_multiclass(y, p, proba)

    # business.matrix: a costly upmarket customer sent to a cheaper card, a small loss the other way.
    matrix = {"upmarket_card": {"prepaid_card": -50.0, "highstreet_card": -20.0}, "prepaid_card": {"upmarket_card": -5.0}}
    value = sum(matrix.get(CLASSES[r[1]], {}).get(CLASSES[r[2]], 0.0) for r in kept if r[1] is not None)
    return {
        "overall": metrics(kept),
        "business_matrix": matrix,
        "business_value": value,
        "chunks": [metrics([r for r in kept if r[0] == c]) for c in range(3)],
        "task_problems": {"scores_sum": sum(1 for i in range(n) if i % 97 == 5 and i % 211 != 7),
                          "unknown_class": sum(1 for i in range(n) if i % 211 == 7),
                          "unknown_label_class": sum(1 for i in range(n) if i % 10 != 3 and i % 53 == 0)},
    }


def sk_regression(y, p):
    out = {"labelled": len(y)}
    if not y:
        return out
    y, p = np.array(y), np.array(p)
    out["mae"] = mean_absolute_error(y, p)
    out["mse"] = mean_squared_error(y, p)
    out["rmse"] = float(np.sqrt(out["mse"]))
    out["mape"] = mean_absolute_percentage_error(y, p)
    if (y < 0).any() or (p < 0).any():
        out["msle"] = None
    else:
        out["msle"] = mean_squared_log_error(y, p)
    out["r2"] = r2_score(y, p)
    out["mean_error"] = float(np.mean(p - y))
    return out


def regression():
    reference = []
    for i in range(2_000):
        x = float(rng.normal(100, 20))
        y = 30 * x + float(rng.normal(0, 200))
        reference.append({"ts": ts(START - 86_400 + i * 10), "id": f"r{i}", "features": {"size": round(x, 2)},
                          "prediction": round(30 * x, 2), "label": round(y, 2)})
    write("regression-reference.jsonl", reference)
    predictions, labels, kept = [], [], []
    bad = 0
    for i in range(3 * CHUNK):
        chunk = i // CHUNK
        x = float(rng.normal(100 if chunk < 2 else 115, 20))
        p = round(30 * x, 2)
        y = round(30 * x + float(rng.normal(0, 200 if chunk == 0 else 400)), 2)
        if chunk == 1 and i % 7 == 0:
            y = 0.0  # zeros in MAPE
        if chunk == 2 and i % 11 == 0:
            p = -abs(p)  # negative values: MSLE undefined
        row = {"ts": ts(START + i * 10), "id": f"g{i}", "features": {"size": round(x, 2)}, "prediction": p}
        predictions.append(row)
        if i % 9 == 4:
            continue
        if i % 61 == 0:
            labels.append({"ts": ts(START + i * 10 + 900), "id": f"g{i}", "label": "n/a"})
            bad += 1
            continue
        labels.append({"ts": ts(START + i * 10 + 900), "id": f"g{i}", "label": y})
        kept.append((chunk, y, p))
    # A prediction of the wrong type is a bad line, not a record.
    predictions.insert(1500, {"ts": ts(START + 1499 * 10 + 5), "id": "bad", "prediction": "high"})
    write("regression-predictions.jsonl", predictions)
    write("regression-labels.jsonl", labels)

    def metrics(rows):
        return sk_regression([r[1] for r in rows], [r[2] for r in rows])

    per_unit = -0.1
    return {"overall": metrics(kept), "business_per_unit_error": per_unit,
            "business_value": float(sum(per_unit * abs(r[1] - r[2]) for r in kept)),
            "chunks": [metrics([r for r in kept if r[0] == c]) for c in range(3)],
            "task_problems": {"non_numeric_label": bad}}


expected = {"chunk_size": CHUNK, "classes": CLASSES, "multiclass": multiclass(), "regression": regression()}
with open(os.path.join(HERE, "task-expected.json"), "w") as f:
    json.dump(expected, f, indent=1, allow_nan=False)
