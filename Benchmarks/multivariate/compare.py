#!/usr/bin/env python3
"""Compares modeltop's report chunks with NannyML's on the car-loan data (run.sh's output) and
writes the section `multivariate-nannyml` of RESULTS.md: per chunk both errors, their relative
difference (the bar: within 2%), thresholds and alerts, and each tool's median time.

    python compare.py OUT_DIR RUNS RESULTS.md
"""
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tasks"))
import results_block  # noqa: E402


def seconds(path):
    wall, user, system = (float(x) for x in open(path).read().split()[-3:])
    return wall, user + system


def main():
    out, runs, results = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    ours = json.load(open(os.path.join(out, "runs", "modeltop-1.json")))
    theirs = json.load(open(os.path.join(out, "runs", "nannyml-1.json")))
    rows, worst, agree = [], 0.0, True
    for chunk, their in zip(ours["chunks"], theirs["chunks"]):
        mv = chunk["multivariate"]
        rel = abs(mv["error"] / their["error"] - 1)
        worst = max(worst, rel)
        same = mv["alert"] == their["alert"]
        agree = agree and same and rel <= 0.02
        rows.append(f"| {chunk['index']} | {chunk['records']:,} | {mv['error']:.6f} | {their['error']:.6f} | {rel:.1e} "
                    f"| [{mv['lower']:.4f}, {mv['upper']:.4f}] | [{their['lower']:.4f}, {their['upper']:.4f}] "
                    f"| {'yes' if mv['alert'] else 'no'} | {'yes' if their['alert'] else 'no'} |")
    times = {tool: [seconds(os.path.join(out, "runs", f"{tool}-{r}.time")) for r in range(1, runs + 1)]
             for tool in ("modeltop", "nannyml")}
    fit = statistics.median(json.load(open(os.path.join(out, "runs", f"nannyml-{r}.json")))["seconds"]
                            for r in range(1, runs + 1))
    machine = open(os.path.join(out, "machine.txt")).read().strip().replace("\n", "; ")
    top = ours["multivariate"]
    text = f"""## Multivariate drift against NannyML

`bash Benchmarks/multivariate/run.sh`: modeltop's `report --chunk-size 5000` against NannyML
0.13.1's `DataReconstructionDriftCalculator` (the seven car-loan features of its documentation,
`chunk_size=5000`) on NannyML's synthetic car-loan data, 50,000 reference and 50,000 analysis
rows. NannyML keeps {theirs["components"]} components, modeltop {top["components"]}. Bar: each chunk's
error within 2% of NannyML's, and the same alert. **{'Pass' if agree else 'FAIL'}**: largest
relative difference {worst:.1e}.

| chunk | records | modeltop error | NannyML error | relative difference | modeltop [lower, upper] | NannyML [lower, upper] | modeltop alert | NannyML alert |
| ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- |
""" + "\n".join(rows) + f"""

Median of {runs} runs, whole process (modeltop: the whole report, every layer, reading both CSV
files; NannyML: reading the CSVs with pandas, then fit and calculate, {fit:.2f} s of it in fit and
calculate):

| tool | wall s | CPU s |
| --- | ---: | ---: |
| modeltop report | {statistics.median(w for w, _ in times['modeltop']):.2f} | {statistics.median(c for _, c in times['modeltop']):.2f} |
| NannyML (python, import included) | {statistics.median(w for w, _ in times['nannyml']):.2f} | {statistics.median(c for _, c in times['nannyml']):.2f} |

Machine: {machine}.
"""
    results_block.put(results, "multivariate-nannyml", text)
    print(text)


if __name__ == "__main__":
    main()
