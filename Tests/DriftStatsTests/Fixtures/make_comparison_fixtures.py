#!/usr/bin/env python3
"""Writes the oracle fixtures of the versions comparison (docs/statistics.md, "Versions side by side").

- ztest: the pooled two-proportion z-test, z = (p2 - p1) / sqrt(p(1-p)(1/n1 + 1/n2)) with SciPy's
  normal for the two-sided p-value (2 * norm.sf(|z|)); null z and p when the pooled rate is 0 or 1.
- bootstrap: per-bucket confusion counts of two versions drawn with NumPy; the percentile
  bootstrap of precision, recall and accuracy differences (second - first) over buckets, with the
  same SplitMix64 generator and index rule as the Swift code (index = high 64 bits of
  next() * count), 1,000 resamples, NumPy's linear percentiles 2.5 and 97.5. The Swift intervals
  must equal these (every case has at least 5 effective blocks, (sum d)^2 / sum d^2 of the blocks'
  denominators, below which the Swift code gives no interval); each case also records the width of the normal approximation
  2 * 1.96 * sqrt(p1(1-p1)/n1 + p2(1-p2)/n2), which the bootstrap's width must be within 35% of.
- ks: scores on three decimals (0 to 0.999, so every score is on the 1,000-bin grid), SciPy's
  two-sample KS statistic and the asymptotic p-value with Stephens' correction
  (scipy.special.kolmogorov((sqrt(en) + 0.12 + 0.11 / sqrt(en)) * D), en = m n / (m + n)).

Seeds are fixed: running the script again rewrites identical files.
Run from this folder:  python3 make_comparison_fixtures.py
"""

import json
import math
import os

import numpy as np
import scipy
from scipy import special, stats

HERE = os.path.dirname(os.path.abspath(__file__))
MASK = (1 << 64) - 1
SEED = 20260101
RESAMPLES = 1000


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def index(self, count):
        return (self.next() * count) >> 64


def ztest(x1, n1, x2, n2):
    p1, p2 = x1 / n1, x2 / n2
    pooled = (x1 + x2) / (n1 + n2)
    variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    case = {"x1": x1, "n1": n1, "x2": x2, "n2": n2, "difference": p2 - p1, "z": None, "p_value": None}
    if variance > 0:
        z = (p2 - p1) / math.sqrt(variance)
        case["z"] = z
        case["p_value"] = float(2 * stats.norm.sf(abs(z)))
    return case


RATIOS = {
    "precision": lambda c: (c[0], c[0] + c[1]),            # tp / (tp + fp)
    "recall": lambda c: (c[0], c[0] + c[2]),               # tp / (tp + fn)
    "accuracy": lambda c: (c[0] + c[3], c[0] + c[1] + c[2] + c[3]),
}


def confusion(rng, n, prevalence, tpr, fpr):
    """tp, fp, fn, tn of n labelled records."""
    positives = rng.binomial(n, prevalence)
    tp = rng.binomial(positives, tpr)
    fp = rng.binomial(n - positives, fpr)
    return [int(tp), int(fp), int(positives - tp), int(n - positives - fp)]


def bootstrap_case(name, seed, buckets, per_bucket, first, second):
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(buckets):
        n = int(rng.poisson(per_bucket))
        rows.append({"first": confusion(rng, n, *first), "second": confusion(rng, n, *second)})
    gen = SplitMix64(SEED)
    diffs = {key: [] for key in RATIOS}
    for _ in range(RESAMPLES):
        drawn = [gen.index(buckets) for _ in range(buckets)]
        for key, ratio in RATIOS.items():
            a_num = a_den = b_num = b_den = 0
            for i in drawn:
                a, b = ratio(rows[i]["first"]), ratio(rows[i]["second"])
                a_num += a[0]; a_den += a[1]; b_num += b[0]; b_den += b[1]
            if a_den > 0 and b_den > 0:
                diffs[key].append(b_num / b_den - a_num / a_den)
    expected = {}
    for key, ratio in RATIOS.items():
        a = [sum(ratio(r["first"])[k] for r in rows) for k in (0, 1)]
        b = [sum(ratio(r["second"])[k] for r in rows) for k in (0, 1)]
        p1, p2 = a[0] / a[1], b[0] / b[1]
        lower, upper = np.percentile(np.array(diffs[key]), [2.5, 97.5])
        normal = 2 * 1.96 * math.sqrt(p1 * (1 - p1) / a[1] + p2 * (1 - p2) / b[1])
        weights = np.array([ratio(r["first"])[1] + ratio(r["second"])[1] for r in rows], dtype=float)
        effective = float(weights.sum() ** 2 / (weights ** 2).sum())
        assert effective >= 5, "an interval needs 5 effective blocks"
        expected[key] = {"value": p2 - p1, "lower": float(lower), "upper": float(upper), "normal_width": normal,
                         "width_ratio": float((upper - lower) / normal), "effective_blocks": effective}
    return {"name": name, "buckets": rows, "expected": expected}


def ks_case(name, seed, m, n, shift):
    rng = np.random.default_rng(seed)
    first = np.clip(np.round(rng.beta(2, 5, m), 3), 0, 0.999)
    second = np.clip(np.round(rng.beta(2, 5, n) + shift, 3), 0, 0.999)
    d = float(stats.ks_2samp(first, second).statistic)
    en = m * n / (m + n)
    p = float(special.kolmogorov((math.sqrt(en) + 0.12 + 0.11 / math.sqrt(en)) * d))
    return {"name": name, "first": first.tolist(), "second": second.tolist(), "statistic": d, "p_value": p}


def main():
    payload = {
        "generator": {"numpy": np.__version__, "scipy": scipy.__version__},
        "seed": SEED,
        "resamples": RESAMPLES,
        "ztest": [
            ztest(120, 1000, 150, 1000),
            ztest(150, 1000, 120, 1000),
            ztest(30, 400, 31, 410),
            ztest(5, 5000, 40, 4800),
            ztest(0, 100, 0, 200),
            ztest(100, 100, 50, 50),
            ztest(1, 3, 2, 3),
            ztest(4321, 98765, 4500, 99001),
        ],
        "bootstrap": [
            bootstrap_case("same model, 48 buckets", 1, 48, 400, (0.1, 0.8, 0.05), (0.1, 0.8, 0.05)),
            bootstrap_case("better recall, 96 buckets", 2, 96, 250, (0.08, 0.7, 0.04), (0.08, 0.8, 0.05)),
            bootstrap_case("worse precision, 30 buckets", 3, 30, 1000, (0.05, 0.85, 0.02), (0.05, 0.85, 0.04)),
            bootstrap_case("rare positives, 60 buckets", 4, 60, 800, (0.02, 0.75, 0.01), (0.02, 0.7, 0.008)),
        ],
        "ks": [
            ks_case("same distribution", 5, 2000, 1800, 0.0),
            ks_case("shifted by 0.05", 6, 1500, 1500, 0.05),
            ks_case("small samples", 7, 40, 60, 0.02),
        ],
    }
    with open(os.path.join(HERE, "comparison.json"), "w") as f:
        json.dump(payload, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    for case in payload["bootstrap"]:
        print(case["name"], {k: round(v["width_ratio"], 3) for k, v in case["expected"].items()})


if __name__ == "__main__":
    main()
