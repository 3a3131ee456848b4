#!/usr/bin/env python3
"""Writes a canonical JSON Lines log for the engine benchmark: RECORDS lines (predictions and
labels) spread over the same 24 hours whatever their number, 6 numeric and 4 categorical
features, segments country and device, a label for 90% of ids arriving within 5 minutes of
its prediction (in a file of its own, in arrival order), a reference sample and a
configuration. A production stream at a steady rate, unlike the sample scenario, whose
labels take hours.

    python3 Benchmarks/canonical.py OUT_DIR RECORDS [SEED]
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


def main():
    out, records = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 7
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
