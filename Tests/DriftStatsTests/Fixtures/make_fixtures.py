#!/usr/bin/env python3
"""Writes the oracle fixtures of the DriftStats tests.

Every expected value here is computed by NumPy, SciPy or scikit-learn, independently of the
Swift code under test. Samples are rounded to a fixed number of digits BEFORE the expectations
are computed, so both sides see identical inputs. Seeds are fixed: running the script again
rewrites identical files.

Run from this folder:  python3 make_fixtures.py
"""

import json
import math
import os

import numpy as np
import scipy
import sklearn
from scipy import special, stats
from scipy.spatial.distance import jensenshannon
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import (accuracy_score, f1_score, precision_score, recall_score,
                             roc_auc_score)

HERE = os.path.dirname(os.path.abspath(__file__))
COARSE_BINS = 10
FINE_CELLS = 256
PSI_FLOOR = 1e-4
TOP_K = 50


def write(name, payload):
    payload = {"generator": {"numpy": np.__version__, "scipy": scipy.__version__,
                             "sklearn": sklearn.__version__}, **payload}
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(payload, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")


def as_json_list(values):
    """NaN becomes null (a missing value)."""
    return [None if (isinstance(v, float) and math.isnan(v)) else v for v in values]


def psi_from_counts(ref_counts, cur_counts):
    r = np.asarray(ref_counts, dtype=float) / np.sum(ref_counts)
    c = np.asarray(cur_counts, dtype=float) / np.sum(cur_counts)
    r = np.where(r == 0, PSI_FLOOR, r)
    c = np.where(c == 0, PSI_FLOOR, c)
    return float(np.sum((c - r) * np.log(c / r)))


def quantile_edges(values, cells):
    qs = np.arange(1, cells) / cells
    return np.unique(np.quantile(values, qs))


# ---------------------------------------------------------------------------------------------
# Numeric features


def numeric_case(name, ref, cur, digits, with_fine_edges=False):
    ref = np.round(np.asarray(ref, dtype=float), digits)
    cur = np.round(np.asarray(cur, dtype=float), digits)
    r = ref[~np.isnan(ref)]
    c = cur[~np.isnan(cur)]
    edges = quantile_edges(r, COARSE_BINS)
    ref_bins = np.bincount(np.searchsorted(edges, r, side="left"), minlength=len(edges) + 1)
    cur_bins = np.bincount(np.searchsorted(edges, c, side="left"), minlength=len(edges) + 1)
    ks = stats.ks_2samp(r, c, method="asymp")
    ks_exact_d = stats.ks_2samp(r, c).statistic
    m, n = len(r), len(c)
    en = m * n / (m + n)
    lam = (math.sqrt(en) + 0.12 + 0.11 / math.sqrt(en)) * ks.statistic
    std = float(np.std(r))
    case = {
        "name": name,
        "reference": as_json_list(ref.tolist()),
        "current": as_json_list(cur.tolist()),
        "referenceCount": m,
        "currentCount": n,
        "coarseEdges": edges.tolist(),
        "referenceCoarseCounts": ref_bins.tolist(),
        "currentCoarseCounts": cur_bins.tolist(),
        "psi": psi_from_counts(ref_bins, cur_bins),
        "jensenShannon": float(jensenshannon(ref_bins, cur_bins, base=2)),
        "ksStatistic": float(ks_exact_d),
        "ksPValueAsymptotic": float(ks.pvalue),
        "ksPValueStephens": float(min(1.0, max(0.0, special.kolmogorov(lam)))),
        "referenceStd": std,
        "referenceMin": float(np.min(r)),
        "referenceMax": float(np.max(r)),
        "wassersteinNormalized": float(stats.wasserstein_distance(r, c) / max(std, 0.001)),
    }
    if with_fine_edges:
        case["fineEdges"] = fine_edges(r).tolist()
    return case


TAIL_QUANTILE_LEVELS = 8
TAIL_QUANTILE_CELLS = 4
TAIL_GEOMETRIC_SPLITS = 6


def geometric_edges(median, inner, outer, splits):
    """Edges between inner and outer whose distances from the median split the two ends'
    distances at their geometric mean (sqrt(a) * sqrt(b)), `splits` times over."""
    near, far = abs(inner - median), abs(outer - median)
    if not (near > 0 and far > near):
        return []
    distances = [near, far]
    for _ in range(splits):
        finer = [distances[0]]
        for a, b in zip(distances, distances[1:]):
            finer += [math.sqrt(a) * math.sqrt(b), b]
        distances = finer
    sign = 1.0 if outer > median else -1.0
    return [median + sign * d for d in distances[1:-1]]


def fine_edges(r):
    """The fine grid (docs/statistics.md): min, max and the quantiles i/G; a reference with at
    most G distinct values adds each value, any other adds the tail edges: the quantiles at
    2^-j/G and 1 - 2^-j/G, and edges geometric in distance from the median between q(4/G) and
    the minimum, and between q(1 - 4/G) and the maximum."""
    r = np.sort(r)
    parts = [[r[0]], np.quantile(r, np.arange(1, FINE_CELLS) / FINE_CELLS), [r[-1]]]
    distinct = np.unique(r)
    if len(distinct) <= FINE_CELLS:
        # Few distinct values: each is an edge too, so every value sits on an edge.
        parts.append(distinct)
    else:
        levels = np.array([1 / FINE_CELLS / 2 ** j for j in range(1, TAIL_QUANTILE_LEVELS + 1)])
        parts.append(np.quantile(r, levels))
        parts.append(np.quantile(r, 1 - levels))
        median = float(np.quantile(r, 0.5))
        parts.append(geometric_edges(median, float(np.quantile(r, TAIL_QUANTILE_CELLS / FINE_CELLS)), float(r[0]),
                                     TAIL_GEOMETRIC_SPLITS))
        parts.append(geometric_edges(median, float(np.quantile(r, 1 - TAIL_QUANTILE_CELLS / FINE_CELLS)), float(r[-1]),
                                     TAIL_GEOMETRIC_SPLITS))
    return np.unique(np.concatenate([np.asarray(p, dtype=float) for p in parts]))


def numeric_cases():
    rng = np.random.default_rng(20240611)
    cases = []
    cases.append(numeric_case("normal_shift", rng.normal(0, 1, 1000), rng.normal(0.3, 1, 1000), 3, True))
    cases.append(numeric_case("normal_same", rng.normal(5, 2, 1000), rng.normal(5, 2, 1000), 3))
    cases.append(numeric_case("lognormal_scaled", rng.lognormal(0, 0.6, 1500), 1.3 * rng.lognormal(0, 0.6, 1000), 3, True))
    cases.append(numeric_case("student_t2", rng.standard_t(2, 1000), rng.standard_t(2, 1000) + 0.2, 3))
    cases.append(numeric_case("cauchy", rng.standard_cauchy(1500), 1.5 * rng.standard_cauchy(1200), 3))
    cases.append(numeric_case("integer_ties", rng.binomial(20, 0.4, 1000), rng.binomial(20, 0.45, 1000), 0, True))
    ref = rng.normal(10, 3, 1200)
    ref[rng.random(1200) < 0.1] = np.nan
    cur = rng.normal(10.5, 3, 1000)
    cur[rng.random(1000) < 0.2] = np.nan
    cases.append(numeric_case("missing_values", ref, cur, 3))
    cases.append(numeric_case("tiny_window_5", rng.normal(0, 1, 1000), rng.normal(0, 1, 5), 3))
    cases.append(numeric_case("tiny_window_30", rng.normal(0, 1, 1000), rng.normal(1, 1, 30), 3))
    cases.append(numeric_case("large_no_drift", rng.gamma(2.0, 1.5, 3000), rng.gamma(2.0, 1.5, 3000), 3))
    cases.append(numeric_case("integer_no_drift", rng.binomial(30, 0.5, 3000), rng.binomial(30, 0.5, 3000), 0, True))
    # Heavy tails and crossing CDFs, where most of Wasserstein's integral lies in the outermost
    # cells (statistics.md, "Wasserstein, honest"). A generator of their own, so the cases above
    # keep their samples.
    tails = np.random.default_rng(20261206)
    cases.append(numeric_case("normal_spread", tails.normal(0, 1, 3000), tails.normal(0, 1.5, 2000), 3, True))
    cases.append(numeric_case("lognormal_spread", tails.lognormal(0, 1, 3000), tails.lognormal(0, 1.5, 2000), 3, True))
    cases.append(numeric_case("pareto_shape", tails.pareto(1.5, 3000) + 1, tails.pareto(1.2, 2000) + 1, 3, True))
    cases.append(numeric_case("student_t1_scaled", tails.standard_t(1, 3000), 1.3 * tails.standard_t(1, 2000), 3, True))
    cases.append(numeric_case("student_t2_scaled", tails.standard_t(2, 3000), 1.2 * tails.standard_t(2, 2000), 3, True))
    cases.append(numeric_case("student_t2_shift_large", tails.standard_t(2, 5000), tails.standard_t(2, 5000) + 0.2, 3, True))
    cases.append(numeric_case("lognormal_no_drift", tails.lognormal(0, 1, 5000), tails.lognormal(0, 1, 5000), 3, True))
    cases.append(numeric_case("pareto_no_drift", tails.pareto(1.5, 5000) + 1, tails.pareto(1.5, 3000) + 1, 3, True))
    cases.append(numeric_case("discrete_shift", tails.poisson(3, 3000), tails.poisson(3.4, 2000), 0, True))
    return cases


# ---------------------------------------------------------------------------------------------
# Categorical features


def category_order(ref_values):
    names, counts = np.unique(np.asarray(ref_values), return_counts=True)
    # By reference frequency, most frequent first; ties by name.
    order = sorted(zip(names.tolist(), counts.tolist()), key=lambda nc: (-nc[1], nc[0]))
    return [n for n, _ in order]


def categorical_case(name, ref, cur):
    ref = list(ref)
    cur = list(cur)
    ordered = category_order(ref)
    kept = ordered[:TOP_K]
    has_other = len(ordered) > TOP_K
    other_names = set(ordered[TOP_K:])
    index = {n: i for i, n in enumerate(kept)}
    slots = len(kept) + (1 if has_other else 0)

    def count(values):
        bins = [0] * slots
        unseen = 0
        for v in values:
            if v in index:
                bins[index[v]] += 1
            elif v in other_names:
                bins[len(kept)] += 1
            else:
                unseen += 1
        return bins, unseen

    ref_bins, ref_unseen = count(ref)
    cur_bins, cur_unseen = count(cur)
    assert ref_unseen == 0
    table = np.array([ref_bins, cur_bins])
    table = table[:, table.sum(axis=0) > 0]
    chi2, p, dof, _ = stats.chi2_contingency(table, correction=False)
    return {
        "name": name,
        "reference": ref,
        "current": cur,
        "categories": kept,
        "hasOther": has_other,
        "referenceCounts": ref_bins,
        "currentCounts": cur_bins,
        "currentUnseen": cur_unseen,
        "psi": psi_from_counts(ref_bins + [0], cur_bins + [cur_unseen]),
        "jensenShannon": float(jensenshannon(ref_bins + [0], cur_bins + [cur_unseen], base=2)),
        "chiSquareStatistic": float(chi2),
        "chiSquarePValue": float(p),
        "chiSquareDegreesOfFreedom": int(dof),
    }


def categorical_cases():
    rng = np.random.default_rng(777)
    letters = list("abcdefgh")
    p_ref = np.array([0.3, 0.2, 0.15, 0.1, 0.1, 0.08, 0.05, 0.02])
    p_cur = np.array([0.22, 0.24, 0.15, 0.12, 0.08, 0.08, 0.06, 0.05])
    cases = [
        categorical_case("category_shift", rng.choice(letters, 2000, p=p_ref), rng.choice(letters, 1500, p=p_cur)),
        categorical_case("category_same", rng.choice(letters, 2000, p=p_ref), rng.choice(letters, 1500, p=p_ref)),
    ]
    cur = rng.choice(letters + ["new1", "new2"], 1500, p=np.concatenate([p_ref * 0.9, [0.07, 0.03]]))
    cases.append(categorical_case("unseen_categories", rng.choice(letters, 2000, p=p_ref), cur))
    many = [f"c{i:02d}" for i in range(80)]
    zipf = 1.0 / np.arange(1, 81) ** 0.8
    zipf /= zipf.sum()
    zipf_cur = np.roll(zipf, 3)
    cases.append(categorical_case("top_k_with_other", rng.choice(many, 3000, p=zipf), rng.choice(many, 2000, p=zipf_cur)))
    cases.append(categorical_case("tiny_window_30", rng.choice(letters, 2000, p=p_ref), rng.choice(letters, 30, p=p_cur)))
    return cases


def contingency_tables():
    """2 x k tables, some with categories empty in both rows (a segment's reference)."""
    rng = np.random.default_rng(99)
    tables = [
        ([10, 20, 30, 0, 5], [12, 18, 25, 0, 9]),
        ([100, 0, 50], [80, 3, 70]),
        ([5, 5], [5, 5]),
        ([1000, 2000, 3000, 4000], [1500, 1800, 2900, 3800]),
        ([7], [9]),
        ([0, 40, 0, 60], [0, 10, 0, 90]),
    ]
    for _ in range(6):
        k = int(rng.integers(2, 12))
        tables.append((rng.integers(0, 300, k).tolist(), rng.integers(0, 300, k).tolist()))
    out = []
    for ref, cur in tables:
        table = np.array([ref, cur])
        table = table[:, table.sum(axis=0) > 0]
        chi2, p, dof, _ = stats.chi2_contingency(table, correction=False)
        out.append({"reference": ref, "current": cur, "statistic": float(chi2), "pValue": float(p),
                    "degreesOfFreedom": int(dof)})
    return out


def chi_square_survival_points():
    points = []
    for dof in [1, 2, 3, 4, 5, 7, 10, 20, 49, 50, 100, 300]:
        for x in [1e-6, 0.01, 0.5, 1.0, 2.5, dof * 0.5, dof - 0.5, float(dof), dof + 1.0, dof * 1.7, dof * 3.0 + 10, dof * 5.0 + 40]:
            points.append({"x": x, "degreesOfFreedom": dof, "survival": float(stats.chi2.sf(x, dof))})
    return points


def kolmogorov_points():
    return [{"lambda": lam, "survival": float(special.kolmogorov(lam))}
            for lam in [0.05, 0.2, 0.3, 0.5, 0.7, 0.9, 1.0, 1.1, 1.18, 1.2, 1.36, 1.5, 2.0, 2.5, 3.0, 4.0, 6.0]]


def quantile_cases():
    rng = np.random.default_rng(5)
    cases = []
    for n in [1, 2, 3, 7, 10, 101, 600]:
        values = np.sort(rng.normal(0, 10, n))
        qs = (np.arange(1, 10) / 10).tolist() + (np.arange(1, 256) / 256).tolist()[::17] + [0.0, 1.0, 0.5, 0.25, 0.99]
        cases.append({"sorted": values.tolist(), "q": qs, "expected": np.quantile(values, qs).tolist()})
    ties = np.sort(rng.integers(0, 5, 50).astype(float))
    qs = (np.arange(1, 10) / 10).tolist()
    cases.append({"sorted": ties.tolist(), "q": qs, "expected": np.quantile(ties, qs).tolist()})
    return cases


# ---------------------------------------------------------------------------------------------
# Performance: confusion, ROC AUC, calibration, CBPE, latency


def confusion_metrics(labels, decisions):
    return {
        "precision": float(precision_score(labels, decisions, zero_division=np.nan)),
        "recall": float(recall_score(labels, decisions, zero_division=np.nan)),
        "f1": float(f1_score(labels, decisions, zero_division=np.nan)),
        "accuracy": float(accuracy_score(labels, decisions)),
        "specificity": float(recall_score(labels, decisions, pos_label=0, zero_division=np.nan)),
    }


def performance_cases():
    rng = np.random.default_rng(31)
    cases = []
    for name, digits, n in [("three_decimals", 3, 2000), ("six_decimals", 6, 2000), ("small", 3, 40)]:
        labels = (rng.random(n) < 0.3).astype(int)
        scores = np.clip(rng.normal(0.35 + 0.25 * labels, 0.18), 0, 1)
        scores = np.round(scores, digits)
        threshold = 0.5
        decisions = (scores >= threshold).astype(int)
        cases.append({"name": name, "scores": scores.tolist(), "labels": labels.tolist(), "threshold": threshold,
                      "rocAUC": float(roc_auc_score(labels, scores)),
                      "confusion": {"tp": int(np.sum((decisions == 1) & (labels == 1))),
                                    "fp": int(np.sum((decisions == 1) & (labels == 0))),
                                    "fn": int(np.sum((decisions == 0) & (labels == 1))),
                                    "tn": int(np.sum((decisions == 0) & (labels == 0)))},
                      "metrics": confusion_metrics(labels, decisions)})
    return cases


def true_probability(score):
    # The model's scores are informative but not calibrated.
    return score ** 1.6


def isotonic_cases():
    rng = np.random.default_rng(8)
    out = []
    at = [-0.2, 0.0, 0.01, 0.05, 0.1234, 0.25, 0.5, 0.6789, 0.77, 0.9, 0.999, 1.0, 1.3]
    for name, weighted in [("unweighted", False), ("weighted", True)]:
        n = 1500
        scores = np.round(rng.beta(2, 3, n), 3)
        labels = (rng.random(n) < true_probability(scores)).astype(float)
        weights = np.round(rng.uniform(0.5, 3.0, n), 2) if weighted else np.ones(n)
        model = IsotonicRegression(out_of_bounds="clip").fit(scores, labels, sample_weight=weights)
        out.append({"name": name, "scores": scores.tolist(), "labels": labels.astype(int).tolist(),
                    "weights": weights.tolist() if weighted else None, "at": at,
                    "expected": model.predict(np.asarray(at)).tolist()})
    return out


def cbpe_cases():
    rng = np.random.default_rng(12)
    threshold = 0.5
    ref_scores = np.round(rng.beta(2, 2, 4000), 3)
    ref_labels = (rng.random(4000) < true_probability(ref_scores)).astype(int)

    def window(name, scores, probability):
        scores = np.round(scores, 3)
        labels = (rng.random(len(scores)) < probability(scores)).astype(int)
        decisions = (scores >= threshold).astype(int)
        metrics = confusion_metrics(labels, decisions)
        metrics["rocAUC"] = float(roc_auc_score(labels, scores))
        return {"name": name, "scores": scores.tolist(), "labels": labels.tolist(), "realized": metrics}

    return {
        "threshold": threshold,
        "referenceScores": ref_scores.tolist(),
        "referenceLabels": ref_labels.tolist(),
        "windows": [
            # Covariate shift only: the calibration still holds, the estimate must follow.
            window("calibrated", rng.beta(2.5, 2, 5000), true_probability),
            # Concept drift: positives became rarer at every score; the estimate cannot see it.
            window("calibration_drifted", rng.beta(2.5, 2, 5000), lambda s: 0.5 * s ** 2.5),
        ],
    }


def latency_case():
    rng = np.random.default_rng(3)
    values = np.round(rng.lognormal(mean=3.0, sigma=0.8, size=4000), 3)
    qs = [0.5, 0.9, 0.95, 0.99, 0.999]
    return {"values": values.tolist(), "q": qs,
            "lower": np.quantile(values, qs, method="lower").tolist(),
            "max": float(np.max(values))}


def multiple_testing_cases():
    """Benjamini-Hochberg adjusted p-values, as scipy.stats.false_discovery_control(ps,
    method='bh') gives them, for families of the shapes a window produces: many null tests,
    a few real effects, ties, zeros and ones, a family of one."""
    rng = np.random.default_rng(4242)
    families = {
        "one": [0.03],
        "two_equal": [0.04, 0.04],
        "ties_and_bounds": [0.0, 0.0, 0.01, 0.01, 0.2, 0.5, 0.5, 1.0, 1.0],
        "uniform_20": rng.uniform(0, 1, 20).tolist(),
        "mixture_60": np.concatenate([rng.uniform(0, 1, 50), rng.uniform(0, 1e-3, 10)]).tolist(),
        "tiny_values": [1e-300, 5e-200, 1e-17, 3e-12, 0.049, 0.051, 0.9],
        "shuffled_400": rng.permutation(np.concatenate([rng.uniform(0, 1, 380), rng.beta(0.2, 8, 20)])).tolist(),
    }
    return [{"name": name, "pValues": [float(p) for p in ps],
             "adjusted": stats.false_discovery_control(np.asarray(ps, dtype=float), method="bh").tolist()}
            for name, ps in families.items()]


def main():
    write("numeric.json", {"coarseBins": COARSE_BINS, "fineCells": FINE_CELLS, "cases": numeric_cases()})
    write("categorical.json", {"topK": TOP_K, "cases": categorical_cases(), "tables": contingency_tables()})
    write("distributions.json", {"chiSquareSurvival": chi_square_survival_points(),
                                 "kolmogorovSurvival": kolmogorov_points(),
                                 "quantiles": quantile_cases(),
                                 "benjaminiHochberg": multiple_testing_cases()})
    write("performance.json", {"cases": performance_cases(), "isotonic": isotonic_cases(),
                               "cbpe": cbpe_cases(), "latency": latency_case()})


if __name__ == "__main__":
    main()
