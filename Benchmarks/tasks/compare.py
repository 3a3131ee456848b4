#!/usr/bin/env python3
"""Compares modeltop's multiclass and regression reports with NannyML and scikit-learn, chunk by
chunk, against the issue's bars, prints the Markdown and writes it to OUT_DIR/comparison.md and
to the section "Multiclass and regression against NannyML" of RESULTS_MD.

    python compare.py OUT_DIR RESULTS_MD        (OUT_DIR: what Benchmarks/tasks/run.sh wrote)

Bars: realized accuracy, macro precision / recall / F1 and weighted F1 within 1e-9 of
scikit-learn's (absolute), ROC AUC within 1e-3; regression MAE, MSE, RMSE, MAPE and R² within
1e-9 relative; multiclass estimated accuracy, macro precision / recall / F1 and ROC AUC within
0.01 of NannyML's CBPE (absolute); regression estimated MAE and RMSE within 10% of NannyML's DLE.
"""
import glob
import json
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import results_block  # noqa: E402

MC_REALIZED = [("accuracy", 1e-9), ("macro_precision", 1e-9), ("macro_recall", 1e-9), ("macro_f1", 1e-9),
               ("weighted_f1", 1e-9), ("roc_auc", 1e-3)]
REG_REALIZED = [("mae", 1e-9), ("mse", 1e-9), ("rmse", 1e-9), ("mape", 1e-9), ("r2", 1e-9)]
MC_ESTIMATED = [("accuracy", 0.01), ("macro_precision", 0.01), ("macro_recall", 0.01), ("macro_f1", 0.01),
                ("roc_auc", 0.01)]
REG_ESTIMATED = [("mae", 0.10), ("rmse", 0.10)]


def load(path):
    with open(path) as f:
        return json.load(f)


def time_record(stem):
    """Wall seconds, CPU seconds (user + system) and peak RSS in MiB from /usr/bin/time -v."""
    text = open(stem + ".time").read()

    def field(name):
        return re.search(r"^\s*" + re.escape(name) + r": (.*)$", text, re.M).group(1)

    parts = [float(p) for p in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")]
    wall = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    return {"wall": wall, "cpu": cpu, "rss": int(field("Maximum resident set size (kbytes)")) / 1024,
            "status": int(open(stem + ".status").read())}


def difference(ours, theirs, relative):
    if ours is None or theirs is None:
        return None if ours is None and theirs is None else float("inf")
    gap = abs(ours - theirs)
    return gap / abs(theirs) if relative else gap


def fmt(value, digits=4):
    return "–" if value is None else f"{value:.{digits}f}"


def sci(value):
    if value is None:
        return "–"
    if value == float("inf"):
        return "missing"
    return "0" if value == 0 else f"{value:.1e}"


def runs(folder, tool):
    stems = sorted(p[:-len(".time")] for p in glob.glob(os.path.join(folder, "runs", f"{tool}-*.time")))
    return stems, [time_record(s) for s in stems]


def timing_row(name, computes, records, inner=None):
    ok = [r for r in records if r["status"] == 0]
    if not ok:
        return f"| {name} | {computes} | failed | | | | |"
    walls = [r["wall"] for r in ok]
    row = (f"| {name} | {computes} | {statistics.median(walls):.2f} s ({min(walls):.2f}–{max(walls):.2f}) | "
           f"{statistics.median(r['cpu'] for r in ok):.2f} s | {statistics.median(r['rss'] for r in ok):.0f} MiB | ")
    row += (f"{inner} |" if inner else "– |") + f" {len(ok)} |"
    return row


def compare_task(task, folder):
    """The task's tables and its (metric, kind, max, chunk, bar, pass) summary rows."""
    mt_stems, mt_times = runs(folder, "modeltop")
    nm_stems, nm_times = runs(folder, "nannyml")
    sk_stems, sk_times = runs(folder, "sklearn")
    hour_stems, hour_times = runs(folder, "modeltop1h")
    good = [s for s, t in zip(mt_stems, mt_times) if t["status"] == 0]
    if not good:
        raise SystemExit(f"{task}: no modeltop run succeeded; see {mt_stems[0]}.err")
    report = load(good[0] + ".out")
    nannyml = load([s for s, t in zip(nm_stems, nm_times) if t["status"] == 0][0] + ".json")
    sklearn = load([s for s, t in zip(sk_stems, sk_times) if t["status"] == 0][0] + ".json")
    ours = report["chunks"]

    # NannyML's chunks and modeltop's must hold the same records.
    if task == "multiclass":
        spans = [(c["start_index"], c["end_index"] + 1) for c in nannyml["chunks"]]
        theirs_est = [c["estimated"] for c in nannyml["chunks"]]
    else:
        spans = [(c["start"], c["end"]) for c in nannyml["chunks"]]
        theirs_est = [{"mae": c["estimatedMAE"], "rmse": c["estimatedRMSE"]} for c in nannyml["chunks"]]
    our_spans = [(c["first_record"], c["first_record"] + c["records"]) for c in ours]
    sk_spans = [(c["first_record"], c["first_record"] + c["records"]) for c in sklearn["chunks"]]
    aligned = our_spans == spans == sk_spans

    realized_bars = MC_REALIZED if task == "multiclass" else REG_REALIZED
    estimated_bars = MC_ESTIMATED if task == "multiclass" else REG_ESTIMATED
    relative_realized = task == "regression"
    relative_estimated = task == "regression"
    summary = []
    lines = []

    def check(kind, bars, pairs, relative):
        for metric, bar in bars:
            gaps = [difference(o.get(metric), t.get(metric), relative) for o, t in pairs]
            worst = max(range(len(gaps)), key=lambda i: -1 if gaps[i] is None else gaps[i])
            value = gaps[worst]
            passed = value is not None and value <= bar
            summary.append((task, kind, metric, value, worst, bar, relative, passed))

    realized_pairs = [(c["performance"]["realized"], s["realized"]) for c, s in zip(ours, sklearn["chunks"])]
    estimated_pairs = [(c["performance"]["estimated"] or {}, t) for c, t in zip(ours, theirs_est)]
    check("realized vs scikit-learn", realized_bars, realized_pairs, relative_realized)
    check("estimated vs NannyML " + ("CBPE" if task == "multiclass" else "DLE"), estimated_bars, estimated_pairs,
          relative_estimated)

    # Per chunk: estimated values of both tools.
    names = [m for m, _ in estimated_bars]
    tool = "CBPE" if task == "multiclass" else "DLE"
    lines += [f"Estimated, modeltop / NannyML {tool} ({'absolute' if not relative_estimated else 'relative'} "
              f"difference in brackets; realized by scikit-learn for reference):", "",
              "| chunk | rows | " + " | ".join(names) + " |", "| ---: | --- |" + " ---: |" * len(names)]
    for i, (c, (o, t), s) in enumerate(zip(ours, estimated_pairs, sklearn["chunks"])):
        cells = []
        for m in names:
            gap = difference(o.get(m), t.get(m), relative_estimated)
            shown = f"{gap:.1%}" if relative_estimated and gap is not None and gap != float("inf") else (
                f"{gap:.4f}" if gap is not None and gap != float("inf") else sci(gap))
            digits = 1 if task == "regression" else 4
            cells.append(f"{fmt(o.get(m), digits)} / {fmt(t.get(m), digits)} ({shown}; real {fmt(s['realized'].get(m), digits)})")
        lines.append(f"| {i} | {c['first_record']}–{c['first_record'] + c['records'] - 1} | " + " | ".join(cells) + " |")
    lines.append("")

    # Per chunk: realized, modeltop's value and its difference from scikit-learn's.
    names = [m for m, _ in realized_bars]
    lines += [f"Realized, modeltop (its {'relative' if relative_realized else 'absolute'} difference from "
              "scikit-learn's on the same chunk):", "",
              "| chunk | labelled | " + " | ".join(names) + " |", "| ---: | ---: |" + " ---: |" * len(names)]
    for i, (c, (o, s)) in enumerate(zip(ours, realized_pairs)):
        # Shares to 4 decimals; MAE, MSE and RMSE (in the label's unit) to 1.
        cells = [f"{fmt(o.get(m), 1 if m in ('mae', 'mse', 'rmse') else 4)} "
                 f"({sci(difference(o.get(m), s.get(m), relative_realized))})" for m in names]
        labelled = f"{o.get('labelled')}" + ("" if o.get("labelled") == s.get("labelled") else f" (sklearn {s.get('labelled')})")
        lines.append(f"| {i} | {labelled} | " + " | ".join(cells) + " |")
    lines.append("")

    inner_nm = statistics.median(load(s + ".json")["seconds" if task == "multiclass" else "fitSeconds"] +
                                 (0 if task == "multiclass" else load(s + ".json")["estimateSeconds"])
                                 for s, t in zip(nm_stems, nm_times) if t["status"] == 0)
    inner_sk = statistics.median(load(s + ".json")["seconds"] for s, t in zip(sk_stems, sk_times) if t["status"] == 0)
    timing = [
        timing_row("modeltop `report --format json --chunk-size 6000`",
                   "reads the three CSV files, fits the calibration" + (" (CBPE)" if task == "multiclass" else
                                                                       " (DLE's two tree models)") +
                   ", every layer of the whole input and of each chunk, realized and estimated", mt_times),
        timing_row("modeltop, the same with `--bucket 1h`",
                   "the same; one bucket end (a snapshot and the alert rules judged) an hour instead of about one "
                   "a record", hour_times),
        timing_row(f"NannyML {'CBPE' if task == 'multiclass' else 'DLE'}",
                   "loads its data sets, fit on the reference, estimate of the analysis chunks (realized too)",
                   nm_times, f"{inner_nm:.2f} s"),
        timing_row("scikit-learn", "reads analysis and targets with pandas, joins, the realized metrics per chunk",
                   sk_times, f"{inner_sk:.2f} s"),
    ]
    # The hour buckets change the order of some sums only: the chunks' numbers agree to rounding.
    hour_gap = None
    hour_good = [s for s, t in zip(hour_stems, hour_times) if t["status"] == 0]
    if hour_good:
        hourly = load(hour_good[0] + ".out")["chunks"]
        gaps = [difference(a["performance"][part].get(m), b["performance"][part].get(m), True)
                for a, b in zip(ours, hourly) for part in ("realized", "estimated")
                for m, _ in (realized_bars if part == "realized" else estimated_bars)]
        hour_gap = max((g for g in gaps if g is not None), default=None)
    info = {"hour_gap": hour_gap, "aligned": aligned, "chunks": len(ours), "nannyml_chunks": len(spans),
            "calibrated": nannyml.get("calibrated"), "task_problems": report["engine"].get("task_problems"),
            "labelled": sum(c["performance"]["realized"].get("labelled", 0) for c in ours),
            "matched": report["engine"]["label_join"].get("matched_labels")}
    return lines, summary, timing, info


def main():
    out, results = sys.argv[1], sys.argv[2]
    machine = dict(line.rstrip("\n").split("=", 1) for line in open(os.path.join(out, "machine.txt")) if "=" in line)
    doc = ["## Multiclass and regression against NannyML", "",
           "NannyML's own data sets as its 0.13.1 wheel ships them: `mc_reference`, `mc_analysis`, `mc_analysis_target` "
           "(a three-class credit-card model) and `regression_synthetic_reference`, `_analysis`, `_analysis_targets` "
           "(car prices), 60,000 reference and 60,000 analysis rows each. `modeltop report --format json --chunk-size "
           "6000` reads the CSV files (the targets, `id,y_true` without a time, as a label file joined by id) against "
           "NannyML's CBPE (multiclass) and DLE (regression) fitted on the same reference with `chunk_size=6000`, and "
           "scikit-learn's metrics on each chunk's joined rows. Both tools cut the analysis rows in file order into "
           "10 chunks of 6,000. Written by `bash Benchmarks/tasks/run.sh`.", ""]
    doc += [f"- {machine.get('nproc')} cores of {machine.get('cpu')}, "
            f"{int(machine.get('memory_kb', 0)) / 1024 / 1024:.0f} GiB of memory, {machine.get('os')}; "
            "other work may share the machine.",
            f"- {machine.get('swift')}; modeltop {machine.get('modeltop')} at commit {machine.get('commit')}, built "
            "`-c release`.",
            f"- {machine.get('python')}: NannyML {machine.get('nannyml')}, scikit-learn {machine.get('scikit-learn')}, "
            f"LightGBM {machine.get('lightgbm')}, pandas {machine.get('pandas')}, NumPy {machine.get('numpy')} "
            "(pinned in `Benchmarks/tasks/requirements.txt`).",
            f"- Run on {machine.get('date')}.", ""]

    all_summary, sections, timings, infos = [], [], {}, {}
    for task in ("multiclass", "regression"):
        lines, summary, timing, info = compare_task(task, os.path.join(out, task))
        all_summary += summary
        sections.append((task, lines))
        timings[task] = timing
        infos[task] = info

    doc += ["### Against the bars", "",
            "| task | comparison | metric | max difference | in chunk | bar | |",
            "| --- | --- | --- | ---: | ---: | ---: | --- |"]
    for task, kind, metric, value, chunk, bar, relative, passed in all_summary:
        shown = (f"{value:.2%}" if relative and value is not None and value != float("inf") and bar >= 0.01
                 else sci(value) if value is None or value == float("inf") or value < 1e-4 else f"{value:.4f}")
        bar_shown = f"{bar:.0%}" if relative and bar >= 0.01 else (f"{bar:g}" + (" rel." if relative else ""))
        if relative and bar < 0.01:
            shown += " rel."
        doc.append(f"| {task} | {kind} | {metric} | {shown} | {chunk} | {bar_shown} | "
                   f"{'pass' if passed else '**FAIL**'} |")
    failed = [s for s in all_summary if not s[-1]]
    doc += ["", f"{len(all_summary) - len(failed)} of {len(all_summary)} pass." if failed else
            f"All {len(all_summary)} pass.", ""]
    for task in ("multiclass", "regression"):
        info = infos[task]
        doc.append(f"- {task}: chunks hold the same rows in both tools: {'yes' if info['aligned'] else '**no**'} "
                   f"({info['chunks']} chunks in modeltop, {info['nannyml_chunks']} in NannyML); labels joined "
                   f"{info['matched']}, counted in chunks {info['labelled']}"
                   + (f"; NannyML calibrated {', '.join(c for c, v in info['calibrated'].items() if v) or 'no class'}"
                      if info.get("calibrated") else "")
                   + (f"; task problems {json.dumps(info['task_problems'])}" if info.get("task_problems") else "")
                   + (f"; with `--bucket 1h` every chunk metric within {info['hour_gap']:.0e} (relative) of the "
                      "default run's" if info.get("hour_gap") is not None else "") + ".")
    doc.append("")

    doc += ["### Time", "",
            "Each process from start to exit (median of the runs; CPU is user + system), and the seconds the "
            "Python tools spend inside their own computation (NannyML: fit plus estimate; scikit-learn: read, join, "
            "metrics), without the interpreter's start and imports.",
            "",
            "NannyML's analysis rows are sparse in time: the multiclass ones about 2 minutes apart over four "
            "months (50,960 distinct minutes, 2,948 hours), the regression ones 34 s apart over 23 days (33,600 "
            "minutes, 560 hours). With the default one-minute buckets nearly every record ends a bucket, and at "
            "each bucket end a report builds the window's snapshot and judges the alert rules (what a replay under "
            "`watch` would fire): that is most of modeltop's time here (`perf` on the multiclass run: "
            "`MonitorState.snapshot` 47% of the CPU time, the alert evaluation 13%). The rows with `--bucket 1h` "
            "show the same report with one bucket end an hour; its chunks' numbers are the same to rounding.", ""]
    for task in ("multiclass", "regression"):
        doc += [f"{task.capitalize()}:", "",
                "| tool | does | wall time | CPU time | peak RSS | in-process | runs |",
                "| --- | --- | ---: | ---: | ---: | ---: | ---: |"] + timings[task] + [""]

    for task, lines in sections:
        doc += [f"### {task.capitalize()}, chunk by chunk", ""] + lines

    doc += ["### How to rerun", "", "```sh", "bash Benchmarks/tasks/run.sh            # venv, build, data, runs, this section",
            "RUNS=1 bash Benchmarks/tasks/run.sh     # one run per tool", "```", "",
            "The first run creates `Benchmarks/tasks/.venv` with the pinned tools; NannyML's files, each tool's "
            "output, its `/usr/bin/time -v` record and stderr stay in `Benchmarks/out/tasks/` (both git-ignored). "
            "`Benchmarks/tasks/compare.py` makes the tables from them.", ""]
    text = "\n".join(doc)
    print(text)
    with open(os.path.join(out, "comparison.md"), "w") as f:
        f.write(text + "\n")
    results_block.put(results, "tasks-nannyml", text)


if __name__ == "__main__":
    main()
