#!/usr/bin/env python3
"""Writes a canonical JSON Lines log for the engine benchmark: RECORDS lines (predictions and
labels) spread over the same 24 hours whatever their number, 6 numeric and 4 categorical
features, segments country and device, a label for 90% of ids arriving within 5 minutes of
its prediction (in a file of its own, in arrival order), a reference sample and a
configuration. A production stream at a steady rate, unlike the sample scenario, whose
labels take hours.

    python3 Benchmarks/canonical.py OUT_DIR RECORDS [SEED] [--task binary|multiclass|regression]

The task (default binary) says what a prediction carries (docs/tasks.md): a `score` and a 0/1
`prediction`; a `scores` object over three classes and the `prediction` of the highest, the
label a class; or a numeric `prediction` and label. Features, times, ids, the label delays and
segments are drawn alike for every task, and the binary log is the same as before the option.
The reference of a multiclass or regression log is JSON Lines (its `scores` or `prediction`
and `label` in canonical form).
"""
import os
import sys

import numpy as np

START = 1_800_000_000  # 2027-01-15T08:00:00Z
SPAN = 86_400
COUNTRIES = np.array(["US", "BR", "DE", "FR", "IN", "GB", "MX", "JP"])
DEVICES = np.array(["ios", "android", "web"])
CHANNELS = np.array(["app", "site", "partner", "api"])
CATEGORIES = np.array([f"c{i:02d}" for i in range(20)])
CLASSES = np.array(["bronze", "gold", "silver"])  # sorted: the reference's class order


def draw(rng, n):
    return {
        "amount": np.round(rng.lognormal(4, 1, n), 2),
        "age": rng.integers(18, 90, n),
        "tenure_days": rng.integers(0, 3650, n),
        "balance": np.round(rng.normal(1000, 400, n), 2),
        "risk": np.round(rng.beta(2, 5, n), 4),
        "items": rng.poisson(3, n),
        "country": COUNTRIES[rng.choice(len(COUNTRIES), n, p=[.3, .15, .12, .1, .1, .1, .08, .05])],
        "device": DEVICES[rng.integers(0, 3, n)],
        "channel": CHANNELS[rng.integers(0, 4, n)],
        "category": CATEGORIES[rng.integers(0, 20, n)],
    }


def class_scores(features, rng):
    """Three class probabilities per row, from the features with noise, to 3 decimals and
    summing to 1 within 1e-3."""
    n = len(features["risk"])
    logits = np.column_stack([
        2.5 * features["risk"] + rng.normal(0, 0.6, n),
        0.002 * features["balance"] - 2 + rng.normal(0, 0.6, n),
        0.25 * np.log(features["amount"]) + rng.normal(0, 0.6, n),
    ])
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    first = p[:, :2].round(3)
    last = np.clip(1 - first.sum(axis=1), 0, 1).round(3)
    return np.column_stack([first, last])


def draw_class(proba, rng):
    """A class index per row, drawn from its probabilities."""
    cumulative = np.cumsum(proba, axis=1)
    u = rng.uniform(0, 1, len(proba)) * cumulative[:, -1]
    return np.minimum((u[:, None] > cumulative).sum(axis=1), proba.shape[1] - 1)


def regression_values(features, rng):
    """A prediction from the features and a label around it (to 2 decimals)."""
    n = len(features["risk"])
    prediction = 200 + 0.8 * features["amount"] + 300 * features["risk"] + 0.05 * features["tenure_days"]
    label = prediction * rng.lognormal(0, 0.15, n) + rng.normal(0, 20, n)
    return np.round(prediction, 2), np.round(label, 2)


def task_main(out, records, seed, task):
    """A multiclass or regression log: the binary log's features, times, ids and label delays."""
    rng = np.random.default_rng(seed)
    predictions = int(records / 1.9)
    labelled = records - predictions
    times = START + np.sort(rng.uniform(0, SPAN, predictions))
    features = draw(rng, predictions)
    if task == "multiclass":
        proba = class_scores(features, rng)
        truth = CLASSES[draw_class(proba, rng)]
        decision = CLASSES[proba.argmax(axis=1)]
    else:
        decision, truth = regression_values(features, rng)
    latency = np.round(rng.gamma(2, 6, predictions), 1)

    def output(i, values, scores, served):
        feature_text = ('"amount":%s,"age":%d,"tenure_days":%d,"balance":%s,"risk":%s,"items":%d,"country":"%s",'
                        '"device":"%s","channel":"%s","category":"%s"'
                        % (values["amount"][i], values["age"][i], values["tenure_days"][i], values["balance"][i],
                           values["risk"][i], values["items"][i], values["country"][i], values["device"][i],
                           values["channel"][i], values["category"][i]))
        if task == "multiclass":
            return ('%s},"scores":{"%s":%s,"%s":%s,"%s":%s},"prediction":"%s"'
                    % (feature_text, CLASSES[0], scores[i][0], CLASSES[1], scores[i][1], CLASSES[2], scores[i][2],
                       served[i]))
        return '%s},"prediction":%s' % (feature_text, served[i])

    def label_text(value):
        return '"%s"' % value if task == "multiclass" else "%s" % value

    scores = proba if task == "multiclass" else None
    with open(os.path.join(out, "predictions.jsonl"), "w") as f:
        block = 200_000
        for lo in range(0, predictions, block):
            hi = min(predictions, lo + block)
            f.write("".join(
                '{"ts":%.3f,"id":"r%d","model":"canonical","version":"v1","features":{%s,"latency_ms":%s,"status":"ok"}\n'
                % (times[i], i, output(i, features, scores, decision), latency[i]) for i in range(lo, hi)))
    ids = np.sort(rng.choice(predictions, size=min(labelled, predictions), replace=False))
    arrival = times[ids] + rng.uniform(1, 300, len(ids))
    order = np.argsort(arrival, kind="stable")
    with open(os.path.join(out, "labels.jsonl"), "w") as f:
        for lo in range(0, len(order), 200_000):
            f.write("".join('{"ts":%.3f,"id":"r%d","label":%s}\n' % (arrival[j], ids[j], label_text(truth[ids[j]]))
                            for j in order[lo:lo + 200_000]))
    ref_rng = np.random.default_rng(seed + 1)
    ref = draw(ref_rng, 50_000)
    if task == "multiclass":
        ref_scores = class_scores(ref, ref_rng)
        ref_truth = CLASSES[draw_class(ref_scores, ref_rng)]
        ref_decision = CLASSES[ref_scores.argmax(axis=1)]
    else:
        ref_scores = None
        ref_decision, ref_truth = regression_values(ref, ref_rng)
    with open(os.path.join(out, "reference.jsonl"), "w") as f:
        f.write("".join('{"features":{%s,"label":%s}\n' % (output(i, ref, ref_scores, ref_decision),
                                                              label_text(ref_truth[i])) for i in range(50_000)))
    with open(os.path.join(out, "modeltop.yaml"), "w") as f:
        f.write("model: canonical\ntask: %s\nreference: reference.jsonl\npredictions: predictions.jsonl\n"
                "labels: labels.jsonl\nsegments: [country, device]\n" % task)


def main():
    args = sys.argv[1:]
    task = "binary"
    if "--task" in args:
        at = args.index("--task")
        task = args[at + 1]
        del args[at:at + 2]
    if task not in ("binary", "multiclass", "regression"):
        raise SystemExit(f"unknown task {task!r}: binary, multiclass or regression")
    out, records = args[0], int(args[1])
    seed = int(args[2]) if len(args) > 2 else 7
    if task != "binary":
        os.makedirs(out, exist_ok=True)
        return task_main(out, records, seed, task)
    rng = np.random.default_rng(seed)
    os.makedirs(out, exist_ok=True)
    predictions = int(records / 1.9)
    labelled = records - predictions
    times = START + np.sort(rng.uniform(0, SPAN, predictions))
    features = draw(rng, predictions)
    scores = np.round(np.clip(features["risk"] + rng.normal(0, 0.15, predictions), 0, 1), 3)
    truth = rng.uniform(0, 1, predictions) < scores
    latency = np.round(rng.gamma(2, 6, predictions), 1)
    with open(os.path.join(out, "predictions.jsonl"), "w") as f:
        block = 200_000
        for lo in range(0, predictions, block):
            hi = min(predictions, lo + block)
            lines = []
            for i in range(lo, hi):
                lines.append(
                    '{"ts":%.3f,"id":"r%d","model":"canonical","version":"v1","features":{"amount":%s,"age":%d,'
                    '"tenure_days":%d,"balance":%s,"risk":%s,"items":%d,"country":"%s","device":"%s","channel":"%s",'
                    '"category":"%s"},"score":%s,"prediction":%d,"latency_ms":%s,"status":"ok"}\n'
                    % (times[i], i, features["amount"][i], features["age"][i], features["tenure_days"][i],
                       features["balance"][i], features["risk"][i], features["items"][i], features["country"][i],
                       features["device"][i], features["channel"][i], features["category"][i], scores[i],
                       scores[i] >= 0.5, latency[i]))
            f.write("".join(lines))
    # Labels for `labelled` of the ids (about 90%), each within 5 minutes, in arrival order.
    ids = np.sort(rng.choice(predictions, size=min(labelled, predictions), replace=False))
    arrival = times[ids] + rng.uniform(1, 300, len(ids))
    order = np.argsort(arrival, kind="stable")
    with open(os.path.join(out, "labels.jsonl"), "w") as f:
        lines = []
        for j in order:
            i = ids[j]
            lines.append('{"ts":%.3f,"id":"r%d","label":%d}\n' % (arrival[j], i, truth[i]))
            if len(lines) == 200_000:
                f.write("".join(lines))
                lines = []
        f.write("".join(lines))
    ref = draw(np.random.default_rng(seed + 1), 50_000)
    ref_scores = np.round(np.clip(ref["risk"] + np.random.default_rng(seed + 2).normal(0, 0.15, 50_000), 0, 1), 3)
    ref_truth = np.random.default_rng(seed + 3).uniform(0, 1, 50_000) < ref_scores
    with open(os.path.join(out, "reference.csv"), "w") as f:
        names = list(ref)
        f.write(",".join(names + ["score", "label"]) + "\n")
        for i in range(50_000):
            f.write(",".join(str(ref[n][i]) for n in names) + ",%s,%d\n" % (ref_scores[i], ref_truth[i]))
    with open(os.path.join(out, "modeltop.yaml"), "w") as f:
        f.write("model: canonical\nreference: reference.csv\npredictions: predictions.jsonl\n"
                "labels: labels.jsonl\nsegments: [country, device]\n")


if __name__ == "__main__":
    main()
