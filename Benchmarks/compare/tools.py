"""Per-feature drift of current.csv against reference.csv, computed by one tool, end to end.

    python tools.py TOOL DATA_DIR OUT_JSON

TOOL is one of:
  evidently  Evidently's column drift (ValueDrift, the metric DataDriftPreset is made of) with
             KS and PSI on numeric features, chi-square and PSI on categorical ones
  nannyml    NannyML's UnivariateDriftCalculator, the whole current log as one chunk: KS,
             Jensen-Shannon and Wasserstein on continuous features, chi-square and
             Jensen-Shannon on categorical ones
  whylogs    whylogs profiles of both files and its drift summary (calculate_drift_scores)
  scipy      modeltop's definitions (docs/statistics.md) computed exactly with NumPy and SciPy on
             the raw values: the oracle the agreement tables compare everyone with
  pandas     pandas.read_csv of both files and nothing else: the floor under the Python tools

Everything a tool needs (imports, CSV parsing, computation) happens inside the timed process,
as a user would run it. The features and their kinds come from the modeltop.yaml beside the
data. The output is {"tool", "version", "features": {name: {metric: value}}}.
"""

import json
import os
import sys
import time

os.environ.setdefault("NML_DISABLE_USAGE_LOGGING", "1")


def feature_kinds(data_dir):
    """(numeric, categorical) feature names from the dataset's modeltop.yaml."""
    numeric, categorical = [], []
    with open(os.path.join(data_dir, "modeltop.yaml")) as f:
        for line in f:
            stripped = line.strip()
            for key, target in (("numeric:", numeric), ("categorical:", categorical)):
                if stripped.startswith(key) and "[" in stripped:
                    inside = stripped[stripped.index("[") + 1:stripped.index("]")]
                    target.extend(name.strip() for name in inside.split(",") if name.strip())
    return numeric, categorical


def read_frames(data_dir, columns):
    import pandas as pd

    reference = pd.read_csv(os.path.join(data_dir, "reference.csv"), usecols=columns)
    current = pd.read_csv(os.path.join(data_dir, "current.csv"), usecols=columns)
    return reference, current


def as_number(value):
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if value == value else None


def run_pandas(data_dir):
    import pandas as pd

    numeric, categorical = feature_kinds(data_dir)
    reference, current = read_frames(data_dir, numeric + categorical)
    return pd.__version__, {name: {"rows": int(current[name].count())} for name in numeric + categorical}


def run_evidently(data_dir):
    import evidently
    from evidently import DataDefinition, Dataset, Report
    from evidently.metrics import ValueDrift

    numeric, categorical = feature_kinds(data_dir)
    reference, current = read_frames(data_dir, numeric + categorical)
    for name in categorical:
        reference[name] = reference[name].astype(str)
        current[name] = current[name].astype(str)
    definition = DataDefinition(numerical_columns=numeric, categorical_columns=categorical)
    reference_set = Dataset.from_pandas(reference, data_definition=definition)
    current_set = Dataset.from_pandas(current, data_definition=definition)
    methods = {name: ["ks", "psi"] for name in numeric}
    methods.update({name: ["chisquare", "psi"] for name in categorical})
    metrics = [ValueDrift(column=name, method=method) for name, names in methods.items() for method in names]
    snapshot = Report(metrics).run(current_set, reference_set)
    results = {}
    for metric, result in zip(metrics, snapshot.dict()["metrics"]):
        value = as_number(result["value"])
        results.setdefault(metric.column, {})[metric.method] = value
    return evidently.__version__, results


def run_nannyml(data_dir):
    import nannyml
    from nannyml.thresholds import ConstantThreshold

    numeric, categorical = feature_kinds(data_dir)
    reference, current = read_frames(data_dir, numeric + categorical)
    calculator = nannyml.UnivariateDriftCalculator(
        column_names=numeric + categorical,
        treat_as_categorical=categorical,
        continuous_methods=["kolmogorov_smirnov", "jensen_shannon", "wasserstein"],
        categorical_methods=["chi2", "jensen_shannon"],
        chunk_number=1,
        # The default thresholds come from the spread over reference chunks, which one chunk
        # does not have; these are the usual fixed ones.
        thresholds={
            "kolmogorov_smirnov": ConstantThreshold(upper=0.1),
            "jensen_shannon": ConstantThreshold(upper=0.1),
            "wasserstein": ConstantThreshold(upper=None),
        },
    )
    calculator.fit(reference)
    frame = calculator.calculate(current).filter(period="analysis").to_df()
    results = {}
    for name in numeric + categorical:
        methods = ["kolmogorov_smirnov", "jensen_shannon", "wasserstein"] if name in numeric else ["chi2", "jensen_shannon"]
        for method in methods:
            results.setdefault(name, {})[method] = as_number(frame[(name, method, "value")].iloc[-1])
            results[name][method + "_alert"] = bool(frame[(name, method, "alert")].iloc[-1])
    return nannyml.__version__, results


def run_whylogs(data_dir):
    import whylogs as why
    from whylogs.viz.drift.column_drift_algorithms import calculate_drift_scores

    numeric, categorical = feature_kinds(data_dir)
    reference, current = read_frames(data_dir, numeric + categorical)
    for name in categorical:
        # Booleans as text, so that every categorical feature gets frequent items.
        reference[name] = reference[name].astype(str)
        current[name] = current[name].astype(str)
    reference_view = why.log(pandas=reference).view()
    current_view = why.log(pandas=current).view()
    scores = calculate_drift_scores(target_view=current_view, reference_view=reference_view, with_thresholds=True)
    results = {}
    for name in numeric + categorical:
        score = scores.get(name) or {}
        category = score.get("drift_category")
        results[name] = {
            "algorithm": score.get("algorithm"),
            "statistic": as_number(score.get("statistic")),
            "pvalue": as_number(score.get("pvalue")),
            "drift_category": getattr(category, "name", category),
        }
    return why.__version__, results


def run_scipy(data_dir):
    """modeltop's definitions (docs/statistics.md), exactly, on the raw values."""
    import numpy as np
    import scipy
    from scipy import stats
    from scipy.spatial import distance

    numeric, categorical = feature_kinds(data_dir)
    reference, current = read_frames(data_dir, numeric + categorical)
    results = {}

    def psi(r, c):
        r = np.where(r == 0, 1e-4, r)
        c = np.where(c == 0, 1e-4, c)
        return float(np.sum((c - r) * np.log(c / r)))

    for name in numeric:
        r = reference[name].dropna().to_numpy(dtype=float)
        c = current[name].dropna().to_numpy(dtype=float)
        edges = np.unique(np.quantile(r, np.arange(1, 10) / 10))
        r_bins = np.bincount(np.searchsorted(edges, r, side="left"), minlength=len(edges) + 1) / len(r)
        c_bins = np.bincount(np.searchsorted(edges, c, side="left"), minlength=len(edges) + 1) / len(c)
        ks = stats.ks_2samp(r, c)
        m, n = len(r), len(c)
        en = m * n / (m + n)
        lam = (np.sqrt(en) + 0.12 + 0.11 / np.sqrt(en)) * ks.statistic
        j = np.arange(1, 101)
        p = float(np.clip(2 * np.sum((-1.0) ** (j - 1) * np.exp(-2 * j**2 * lam**2)), 0, 1))
        results[name] = {
            "psi": psi(r_bins, c_bins),
            "js": float(distance.jensenshannon(r_bins, c_bins, base=2)),
            "ks_statistic": float(ks.statistic),
            "ks_p_value": p,
            "ks_p_value_scipy": float(ks.pvalue),
            "wasserstein": float(stats.wasserstein_distance(r, c) / max(np.std(r), 0.001)),
            "wasserstein_raw": float(stats.wasserstein_distance(r, c)),
            "reference_std": float(np.std(r)),
        }
    for name in categorical:
        r = reference[name].dropna().astype(str)
        c = current[name].dropna().astype(str)
        r_counts = r.value_counts()
        categories = list(r_counts.index)
        c_counts = c.value_counts()
        r_vec = np.array([r_counts.get(k, 0) for k in categories], dtype=float)
        c_vec = np.array([c_counts.get(k, 0) for k in categories], dtype=float)
        unseen = len(c) - c_vec.sum()
        keep = (r_vec + c_vec) > 0
        chi2 = stats.chi2_contingency(np.array([r_vec[keep], c_vec[keep]]), correction=False)
        r_bins = np.append(r_vec, 0) / len(r)
        c_bins = np.append(c_vec, unseen) / len(c)
        results[name] = {
            "psi": psi(r_bins, c_bins),
            "js": float(distance.jensenshannon(r_bins, c_bins, base=2)),
            "chi2_statistic": float(chi2.statistic),
            "chi2_p_value": float(chi2.pvalue),
            "chi2_yates_statistic": float(stats.chi2_contingency(np.array([r_vec[keep], c_vec[keep]])).statistic),
        }
    return scipy.__version__, results


RUNNERS = {
    "evidently": run_evidently,
    "nannyml": run_nannyml,
    "whylogs": run_whylogs,
    "scipy": run_scipy,
    "pandas": run_pandas,
}


def main():
    tool, data_dir, out_path = sys.argv[1:4]
    start = time.perf_counter()
    version, features = RUNNERS[tool](data_dir)
    with open(out_path, "w") as f:
        json.dump({"tool": tool, "version": version, "seconds": time.perf_counter() - start, "features": features}, f, indent=1)


if __name__ == "__main__":
    main()
