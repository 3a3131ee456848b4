"""Reads the runs of run.sh (timings from /usr/bin/time -v, each tool's per-feature output) and
writes Benchmarks/RESULTS.md: time and memory, agreement of the numbers where the tools define
them alike, and of the drift decisions where they do not.

    python compare.py OUT_DIR RESULTS_MD
"""

import glob
import json
import math
import os
import re
import statistics
import sys

TOOLS = ["modeltop", "evidently", "nannyml", "whylogs", "pandas", "scipy"]
TOOL_NAMES = {
    "modeltop": "modeltop `report --format json`",
    "evidently": "Evidently",
    "nannyml": "NannyML",
    "whylogs": "whylogs",
    "pandas": "pandas `read_csv` only",
    "scipy": "NumPy + SciPy, exact (the oracle)",
}
WORKLOAD = {
    "modeltop": "PSI, JS, KS (+ p, bound), Wasserstein, chi-square of every feature, data quality, input counts",
    "evidently": "`ValueDrift` per feature: KS and PSI (numeric), chi-square and PSI (categorical)",
    "nannyml": "`UnivariateDriftCalculator`, one chunk: KS, JS, Wasserstein (numeric), chi-square, JS (categorical)",
    "whylogs": "`why.log` of both files, `calculate_drift_scores` (KS on KLL sketches, chi-square on frequent items)",
    "pandas": "reads both CSV files into DataFrames, nothing else",
    "scipy": "modeltop's definitions on the raw values (sorts, `ks_2samp`, `wasserstein_distance`, `chi2_contingency`)",
}
DATASETS = {
    "narrow": "10 features (6 numeric, 4 categorical)",
    "wide": "100 features (60 numeric, 40 categorical)",
}

# How close modeltop must be to the exact computation of its own definitions.
BOUNDS = {
    "psi": "1e-9 absolute (same decile edges, same counts)",
    "js": "1e-9 absolute",
    "chi2_statistic": "1e-6 relative",
    "ks_statistic": "modeltop's own `bound` (mass inside one fine cell)",
    "wasserstein": "1% relative + 1e-4 (cells where the two CDFs cross)",
}


def within_bound(metric, modeltop, exact, bound):
    if modeltop is None or exact is None:
        return None
    diff = abs(modeltop - exact)
    if metric in ("psi", "js"):
        return diff <= 1e-9
    if metric == "chi2_statistic":
        return diff <= 1e-6 * max(1.0, abs(exact))
    if metric == "ks_statistic":
        return bound is not None and diff <= bound + 1e-12
    if metric == "wasserstein":
        return diff <= 0.01 * abs(exact) + 1e-4
    return None


def parse_time(path):
    """(wall seconds, peak RSS in KiB, CPU seconds user + system) from a /usr/bin/time -v file."""
    wall = rss = None
    cpu = 0.0
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("Elapsed (wall clock) time"):
                parts = [float(p) for p in line.rsplit(" ", 1)[1].split(":")]
                wall = 0.0
                for p in parts:
                    wall = wall * 60 + p
            elif line.startswith("Maximum resident set size"):
                rss = int(line.rsplit(" ", 1)[1])
            elif line.startswith("User time") or line.startswith("System time"):
                cpu += float(line.rsplit(" ", 1)[1])
    return wall, rss, cpu


def number(value):
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    return None


def modeltop_features(report):
    """modeltop's JSON report, per feature, in the keys the other outputs use."""
    features = {}
    for entry in report.get("features") or []:
        ks = entry.get("ks") if isinstance(entry.get("ks"), dict) else {}
        chi2 = entry.get("chi2")
        chi2 = chi2 if isinstance(chi2, dict) else {"statistic": chi2}
        features[entry.get("name")] = {
            "kind": entry.get("kind"),
            "psi": number(entry.get("psi")),
            "js": number(entry.get("js")),
            "wasserstein": number(entry.get("wasserstein")),
            "ks_statistic": number(ks.get("statistic")),
            "ks_p_value": number(ks.get("p_value")),
            "ks_bound": number(ks.get("bound")),
            "chi2_statistic": number(chi2.get("statistic")),
            "chi2_p_value": number(chi2.get("p_value")),
            "method": entry.get("method"),
            "value": number(entry.get("value")),
            "band": entry.get("band"),
        }
    return features


def load_runs(out_dir, dataset):
    """{tool: {"times": [(wall, rss)], "failed": [run], "features": {...}, "version": str}}"""
    runs = {}
    for time_path in sorted(glob.glob(os.path.join(out_dir, "runs", f"{dataset}-*.time"))):
        stem = time_path[:-len(".time")]
        tool = os.path.basename(stem)[len(dataset) + 1:].rsplit("-", 1)[0]
        entry = runs.setdefault(tool, {"times": [], "failed": [], "features": None, "version": None, "error": None})
        if not os.path.exists(stem + ".status"):
            continue  # a run that never finished
        with open(stem + ".status") as f:
            status = int(f.read().strip() or 1)
        if status != 0:
            entry["failed"].append(status)
            with open(stem + ".err", errors="replace") as f:
                entry["error"] = f.read().strip().splitlines()[-1:] or ["exit %d" % status]
            continue
        entry["times"].append(parse_time(time_path))
        try:
            with open(stem + ".json") as f:
                output = json.load(f)
        except (OSError, ValueError):
            continue
        if tool == "modeltop":
            features = modeltop_features(output)
            entry["features"] = features or entry["features"]
            entry["version"] = output.get("modeltop_version")
        else:
            entry["features"] = output.get("features")
            entry["version"] = output.get("version")
    return runs


def fmt(value, digits=4):
    if value is None:
        return "–"
    if value == 0:
        return "0"
    if abs(value) >= 1000 or abs(value) < 10 ** -(digits - 1):
        return f"{value:.{digits - 1}e}"
    return f"{value:.{digits}g}"


def median(values):
    return statistics.median(values) if values else None


def feature_names(out_dir, dataset):
    numeric, categorical = [], []
    with open(os.path.join(out_dir, dataset, "modeltop.yaml")) as f:
        for line in f:
            s = line.strip()
            for key, target in (("numeric:", numeric), ("categorical:", categorical)):
                if s.startswith(key) and "[" in s:
                    target.extend(n.strip() for n in s[s.index("[") + 1:s.index("]")].split(",") if n.strip())
    return numeric, categorical


def time_table(runs):
    lines = ["| tool | computes | wall time (median) | CPU time, user + sys (median) | CPU ÷ wall | runs | peak RSS (median) | wall ÷ modeltop's | CPU ÷ modeltop's | 20× this tool: modeltop's wall at most |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    base = median([t for t, _, _ in runs.get("modeltop", {}).get("times", [])])
    base_cpu = median([c for _, _, c in runs.get("modeltop", {}).get("times", [])])
    ratios = {}
    for tool in TOOLS:
        entry = runs.get(tool)
        if not entry:
            continue
        walls = [t for t, _, _ in entry["times"]]
        rss = [r for _, r, _ in entry["times"]]
        cpus = [c for _, _, c in entry["times"]]
        wall, cpu = median(walls), median(cpus)
        if wall is None:
            lines.append(f"| {TOOL_NAMES[tool]} | {WORKLOAD[tool]} | failed: {' '.join(entry['error'] or [])} | – | – | 0 | – | – | – | – |")
            continue
        ratio = wall / base if base else None
        cpu_ratio = cpu / base_cpu if base_cpu else None
        if tool in ("evidently", "nannyml", "whylogs"):
            ratios[tool] = (ratio, cpu_ratio)
        spread = f" ({min(walls):.2f}–{max(walls):.2f})" if len(walls) > 1 else ""
        if tool in ("evidently", "nannyml", "whylogs") and base:
            bar = wall / 20
            twenty = f"{bar:.2f} s: {'met' if base <= bar else f'**missed** ({base / bar:.1f}× over)'}"
        else:
            twenty = "–"
        lines.append(
            f"| {TOOL_NAMES[tool]} | {WORKLOAD[tool]} | {wall:.2f} s{spread} | {cpu:.2f} s | {cpu / wall:.0%} | {len(walls)} | "
            f"{median(rss) / 1024:.0f} MiB | {'–' if ratio is None else f'{ratio:.1f}×'} | "
            f"{'–' if cpu_ratio is None else f'{cpu_ratio:.1f}×'} | {twenty} |")
    walls = [t for t, _, _ in runs.get("modeltop", {}).get("times", [])]
    if len(walls) > 1 and min(walls) > 0:
        steady = max(walls) / min(walls)
        lines += ["", f"modeltop's slowest run took {steady:.2f}× its fastest ({min(walls):.2f}–{max(walls):.2f} s): "
                      f"{'steady' if steady <= 1.2 else '**not steady**'} by the 20% bar."]
    return lines, base, ratios


# Metrics defined the same way in a tool and in modeltop: (title, metric key in modeltop's
# terms, feature kind, tool, how to read the tool's value, what differs).
def nannyml_wasserstein(tool, oracle):
    raw = tool.get("wasserstein")
    std = oracle.get("reference_std") if oracle else None
    return None if raw is None or std is None else raw / max(std, 0.001)


def evidently_categorical_psi(tool, _):
    return tool.get("psi")


MATCHED = [
    ("KS statistic D", "ks_statistic", "numeric", "nannyml", lambda t, o: t.get("kolmogorov_smirnov"),
     "estimated from 10,000 equal-width bins of the reference range"),
    ("KS statistic D", "ks_statistic", "numeric", "whylogs", lambda t, o: t.get("statistic") if t.get("algorithm") == "ks" else None,
     "from 100 quantiles of KLL sketches"),
    ("Wasserstein ÷ std(R)", "wasserstein", "numeric", "nannyml", nannyml_wasserstein,
     "NannyML's raw distance (10,000 equal-width bins) divided here by std(R)"),
    ("Jensen-Shannon, categorical", "js", "categorical", "nannyml", lambda t, o: t.get("jensen_shannon"),
     "same bins: reference categories + one bin for the rest, base 2"),
    ("PSI, categorical", "psi", "categorical", "evidently", evidently_categorical_psi,
     "same bins when every category occurs in both samples"),
    ("chi-square statistic (2 × k table)", "chi2_statistic", "categorical", "nannyml", lambda t, o: t.get("chi2"),
     "`chi2_contingency` with Yates' correction on 2 × 2 tables (compared with the corrected value there)"),
]


def reference_values(runs):
    """The values the tools are compared with: modeltop's when its report has features, else
    the exact computation of its definitions."""
    modeltop = (runs.get("modeltop") or {}).get("features")
    if modeltop:
        return "modeltop", modeltop
    return "scipy", (runs.get("scipy") or {}).get("features") or {}


def oracle_table(runs, numeric, categorical, full):
    """modeltop against the exact computation of its own definitions."""
    modeltop = (runs.get("modeltop") or {}).get("features")
    oracle = (runs.get("scipy") or {}).get("features") or {}
    if not modeltop:
        return ["modeltop column pending: this modeltop build's report has no `features` section yet "
                "(only `input`), so there is nothing to hold against the exact computation."], None
    lines = ["| metric | features | max \\|modeltop − exact\\| | worst feature | stated bound | within bound |",
             "| --- | ---: | ---: | --- | --- | ---: |"]
    all_ok = True
    for metric, kinds in (("psi", numeric + categorical), ("js", numeric + categorical), ("ks_statistic", numeric),
                          ("wasserstein", numeric), ("chi2_statistic", categorical)):
        diffs, ok, worst = [], 0, (None, -1.0)
        for name in kinds:
            m, o = modeltop.get(name, {}), oracle.get(name, {})
            a, b = m.get(metric), o.get(metric)
            if a is None or b is None:
                continue
            d = abs(a - b)
            diffs.append(d)
            verdict = within_bound(metric, a, b, m.get("ks_bound"))
            ok += bool(verdict)
            if d > worst[1]:
                worst = (name, d)
        if diffs:
            all_ok &= ok == len(diffs)
            lines.append(f"| {metric} | {len(diffs)} | {fmt(max(diffs), 2)} | {worst[0]} | {BOUNDS[metric]} | {ok}/{len(diffs)} |")
        else:
            lines.append(f"| {metric} | 0 | – | – | {BOUNDS[metric]} | missing |")
            all_ok = False
    if full:
        lines += ["", "| feature | PSI | JS | KS D (bound) | exact D | Wasserstein | exact W | chi-square | exact chi-square |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for name in numeric + categorical:
            m, o = modeltop.get(name, {}), oracle.get(name, {})
            ks = "–" if m.get("ks_statistic") is None else f"{fmt(m.get('ks_statistic'))} ({fmt(m.get('ks_bound'), 2)})"
            lines.append(f"| {name} | {fmt(m.get('psi'))} | {fmt(m.get('js'))} | {ks} | {fmt(o.get('ks_statistic'))} | "
                         f"{fmt(m.get('wasserstein'))} | {fmt(o.get('wasserstein'))} | {fmt(m.get('chi2_statistic'))} | "
                         f"{fmt(o.get('chi2_statistic'))} |")
    return lines, all_ok


def matched_tables(runs, numeric, categorical, full):
    source, base = reference_values(runs)
    oracle = (runs.get("scipy") or {}).get("features") or {}
    label = "modeltop" if source == "modeltop" else "exact (modeltop's definitions; modeltop column pending)"
    lines = [f"| metric | tool | features | max \\|tool − {label}\\| | median | worst feature | what differs |",
             "| --- | --- | ---: | ---: | ---: | --- | --- |"]
    detail = {}
    for title, metric, kind, tool, read, note in MATCHED:
        tool_features = (runs.get(tool) or {}).get("features") or {}
        names = numeric if kind == "numeric" else categorical
        diffs, worst = [], (None, -1.0)
        for name in names:
            t = tool_features.get(name)
            if t is None:
                continue
            value = read(t, oracle.get(name))
            reference = base.get(name, {}).get(metric)
            if metric == "chi2_statistic" and tool == "nannyml" and name in categorical:
                # NannyML corrects 2 x 2 tables (Yates); compare those with the corrected exact value.
                o = oracle.get(name, {})
                if o.get("chi2_yates_statistic") is not None and o.get("chi2_yates_statistic") != o.get("chi2_statistic"):
                    reference = o["chi2_yates_statistic"]
            if value is None or reference is None:
                continue
            d = abs(value - reference)
            diffs.append(d)
            detail.setdefault((title, tool), []).append((name, reference, value))
            if d > worst[1]:
                worst = (name, d)
        if diffs:
            lines.append(f"| {title} | {TOOL_NAMES[tool]} | {len(diffs)} | {fmt(max(diffs), 2)} | {fmt(median(diffs), 2)} | "
                         f"{worst[0]} | {note} |")
        else:
            lines.append(f"| {title} | {TOOL_NAMES[tool]} | 0 | – | – | – | {note} (no output) |")
    if full and detail:
        lines += ["", f"| metric | tool | feature | {source} | tool | difference |", "| --- | --- | --- | ---: | ---: | ---: |"]
        for (title, tool), rows in detail.items():
            for name, reference, value in rows:
                lines.append(f"| {title} | {TOOL_NAMES[tool]} | {name} | {fmt(reference)} | {fmt(value)} | {fmt(value - reference, 2)} |")
    return lines


def decisions(runs, numeric, categorical):
    """Per feature: drift or not, by each tool's own rule."""
    source, base = reference_values(runs)
    ev = (runs.get("evidently") or {}).get("features") or {}
    nm = (runs.get("nannyml") or {}).get("features") or {}
    wl = (runs.get("whylogs") or {}).get("features") or {}

    def test_decision(name):
        b = base.get(name, {})
        p = b.get("ks_p_value") if name in numeric else b.get("chi2_p_value")
        return None if p is None else p < 0.05

    columns = [
        (f"{source}: KS / chi-square p < 0.05", test_decision),
        (f"{source}: PSI ≥ 0.1", lambda n: None if base.get(n, {}).get("psi") is None else base[n]["psi"] >= 0.1),
        ("Evidently: KS / chi-square (goodness of fit) p < 0.05",
         lambda n: None if (v := ev.get(n, {}).get("ks" if n in numeric else "chisquare")) is None else v < 0.05),
        ("Evidently: PSI (Sturges bins) ≥ 0.1", lambda n: None if (v := ev.get(n, {}).get("psi")) is None else v >= 0.1),
        ("NannyML: JS (Doane bins) > 0.1", lambda n: nm.get(n, {}).get("jensen_shannon_alert")),
        ("NannyML: KS D > 0.1 / chi-square p < 0.05",
         lambda n: nm.get(n, {}).get("kolmogorov_smirnov_alert" if n in numeric else "chi2_alert")),
        ("whylogs: drift category DRIFT (p < 0.05)",
         lambda n: None if wl.get(n, {}).get("drift_category") is None else wl[n]["drift_category"] == "DRIFT"),
    ]
    table = {name: [rule(name) for _, rule in columns] for name in numeric + categorical}
    return columns, table


def decision_tables(runs, numeric, categorical, full):
    columns, table = decisions(runs, numeric, categorical)
    lines = []
    if full:
        lines += ["| feature | " + " | ".join(title for title, _ in columns) + " |",
                  "| --- |" + " :---: |" * len(columns)]
        mark = {True: "drift", False: "·", None: "–"}
        for name, row in table.items():
            lines.append(f"| {name} | " + " | ".join(mark[v] for v in row) + " |")
        lines.append("")
    lines += ["| rule | features flagged | same decision as the first column |", "| --- | ---: | ---: |"]
    for i, (title, _) in enumerate(columns):
        values = [(row[0], row[i]) for row in table.values() if row[i] is not None and row[0] is not None]
        flagged = sum(1 for row in table.values() if row[i])
        agree = sum(1 for a, b in values if a == b)
        lines.append(f"| {title} | {flagged}/{len(table)} | {agree}/{len(values)} |")
    return lines


def measured_when(out_dir):
    """When each tool's runs were made (run.sh with ONLY= keeps older runs of the others)."""
    import datetime

    times = {}
    for path in glob.glob(os.path.join(out_dir, "runs", "*.time")):
        tool = os.path.basename(path).split("-")[1]
        times[tool] = max(times.get(tool, 0), os.path.getmtime(path))
    parts = [f"{tool} {datetime.datetime.fromtimestamp(t, datetime.timezone.utc):%Y-%m-%d %H:%M} UTC"
             for tool, t in sorted(times.items(), key=lambda item: TOOLS.index(item[0]) if item[0] in TOOLS else 99)]
    return "last runs: " + ", ".join(parts) if parts else "no runs"


def read_machine(out_dir):
    info = {}
    with open(os.path.join(out_dir, "machine.txt")) as f:
        for line in f:
            if "=" in line:
                key, value = line.rstrip("\n").split("=", 1)
                info[key] = value
    return info


def main():
    out_dir, results_path = sys.argv[1:3]
    machine = read_machine(out_dir)
    memory_gib = int(machine.get("memory_kb", "0")) / 1024 / 1024
    doc = [
        "# Benchmarks: modeltop against Evidently, NannyML and whylogs",
        "",
        "Per-feature drift of a current log of 1,000,000 rows against a reference of 100,000 rows, "
        "end to end from CSV files (start the process, read both files, compute, write the result), "
        "every tool on the same files in the same run. Written by `bash Benchmarks/compare/run.sh`, "
        "which rebuilds everything it needs and rewrites this file but for the sections at its end that "
        "`Benchmarks/tasks/run.sh` and `Benchmarks/tasks/throughput.sh` write; do not edit it by hand.",
        "",
        "## Machine and versions",
        "",
        f"- {machine.get('nproc')} cores of {machine.get('cpu')}, {memory_gib:.0f} GiB of memory, "
        f"{machine.get('os')} (kernel {machine.get('kernel')}); other work may share the machine.",
        f"- {machine.get('swift')}; modeltop {machine.get('modeltop')} at commit {machine.get('commit')}, built `-c release`.",
        f"- {machine.get('python')}: Evidently {machine.get('evidently')}, NannyML {machine.get('nannyml')}, "
        f"whylogs {machine.get('whylogs')}, pandas {machine.get('pandas')}, NumPy {machine.get('numpy')}, "
        f"SciPy {machine.get('scipy')} (pinned in `Benchmarks/compare/requirements.txt`).",
        f"- Run on {machine.get('date')}; {measured_when(out_dir)}.",
        "",
        "## The data",
        "",
        "`Benchmarks/compare/generate.py` (seeded) draws both files from the sample-data scenario's "
        "distributions (`Sources/SampleScenario/Story/CardFraudModel.swift`): a `score` column and ten "
        "features: `amount`, `hour`, `account_age_days`, `tx_last_24h`, `challenger_score` (the "
        "challenger's score, monitored as an input), `upstream_latency_ms` (numeric); "
        "`merchant_category`, `country`, `device`, `new_merchant` (categorical). The reference is "
        "the calm world. The current log tells the scenario's story along its rows: amounts ×3 in "
        "BR from a third of the log on, a six-fold latency spike in its second sixth, "
        "`account_age_days` missing on android from two thirds on (every tool drops missing values). "
        "The wide variant has ten independent blocks of these ten columns (suffixes `_0`..`_9`): "
        "block 0 tells the story, block k ≥ 1 drifts a little more with each k (country mix, "
        "account age, bursts, amounts in the second half), so the wide data holds features from "
        "no drift to clear drift. `modeltop.yaml` beside the data lists the features with their "
        "kinds, `window: all`, KS for numeric and chi-square for categorical features.",
        "",
    ]

    summary = []
    for dataset, description in DATASETS.items():
        runs = load_runs(out_dir, dataset)
        if not runs:
            continue
        numeric, categorical = feature_names(out_dir, dataset)
        full = dataset == "narrow"
        lines, base, ratios = time_table(runs)
        doc += [f"## {description}: time and memory", ""] + lines + [""]
        if base is None:
            doc += ["modeltop: no successful run (see `Benchmarks/out/compare/runs/`).", ""]
        modeltop_has_features = bool((runs.get("modeltop") or {}).get("features"))
        if not modeltop_has_features:
            doc += ["**modeltop column pending**: this build's `report` prints the `input` section only "
                    "(it reads and decodes both files), not yet `features`; its time above is the reading "
                    "alone, not the drift computation, and is no verdict yet.", ""]
        for tool, ratio in ratios.items():
            if ratio is not None:
                summary.append((dataset, tool, ratio, modeltop_has_features))
        doc += [f"## {description}: modeltop against the exact computation", "",
                "The same definitions (docs/statistics.md) computed exactly on the raw values with NumPy and SciPy "
                "(`np.quantile` decile edges, `ks_2samp`, `wasserstein_distance / std`, `chi2_contingency` "
                "without correction).", ""]
        lines, _ = oracle_table(runs, numeric, categorical, full)
        doc += lines + [""]
        doc += [f"## {description}: agreement where the definitions match", ""]
        doc += matched_tables(runs, numeric, categorical, full) + [""]
        doc += [f"## {description}: drift decisions where the definitions differ", "",
                "Each tool's own rule on its own numbers (NannyML's KS and JS thresholds are constant, "
                "0.1: its default thresholds need several reference chunks). `·` is no drift, `–` not computed.", ""]
        doc += decision_tables(runs, numeric, categorical, full) + [""]

    doc += ["## Verdict", ""]
    if not summary:
        doc += ["No timings yet.", ""]
    for dataset, tool, (ratio, cpu_ratio), real in summary:
        verdict = ("at least 20× faster" if ratio >= 20 else "**not 20× faster**") + (
            ", at least 10× faster" if ratio < 20 and min(ratio, cpu_ratio) >= 10 else "")
        pending = "" if real else " (modeltop reading only: drift pending)"
        doc.append(f"- {DATASETS[dataset]}: {TOOL_NAMES[tool]} takes {ratio:.1f}× modeltop's wall time and "
                   f"{cpu_ratio:.1f}× its CPU time: modeltop is {verdict}{pending}.")
    doc += ["", open(os.path.join(os.path.dirname(__file__), "MEANING.md")).read().strip(), ""]
    # Sections other scripts write between their own markers (Benchmarks/tasks/run.sh and
    # throughput.sh) are carried over as they stand.
    if os.path.exists(results_path):
        old = open(results_path).read()
        doc += [m.group(0) + "\n" for m in re.finditer(r"<!-- begin ([\w-]+) -->.*?<!-- end \1 -->", old, re.S)]
    with open(results_path, "w") as f:
        f.write("\n".join(doc))


if __name__ == "__main__":
    main()
