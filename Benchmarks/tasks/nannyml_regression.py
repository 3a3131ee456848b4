#!/usr/bin/env python3
"""NannyML's direct loss estimation (DLE) on its full regression_synthetic data: the reference
against which modeltop's regression estimate (DriftStats' DirectLossEstimator) is measured.

Fits NannyML 0.13.1's DLE (LightGBM with its defaults, the features and y_pred as inputs,
`fuel` and `transmission` categorical) on the 60,000 reference rows, estimates MAE and RMSE on
the 60,000 analysis rows in chunks of 6,000, and writes per chunk the estimated and realized
values, with the time taken to fit and to estimate, as JSON.

    python3 -m venv VENV && VENV/bin/pip install nannyml==0.13.1 'pandas<3' statsmodels lightgbm
    VENV/bin/python Benchmarks/tasks/nannyml_regression.py [OUT.json] [--csv-dir DIR]

With --csv-dir it also writes the reference and the analysis rows (with targets) as CSV there,
the inputs of a Swift run over the same data.
"""
import argparse
import contextlib
import json
import os
import platform
import sys
import time

import lightgbm
import nannyml as nml
import numpy as np
import pandas as pd

FEATURES = ["car_age", "km_driven", "price_new", "accident_count", "door_count", "fuel", "transmission"]
CHUNK_SIZE = 6000


@contextlib.contextmanager
def stdout_to_stderr():
    """LightGBM logs to the process's stdout; keep it off the JSON."""
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out", nargs="?", default="-")
    parser.add_argument("--csv-dir")
    args = parser.parse_args()

    reference, analysis, targets = nml.load_synthetic_car_price_dataset()
    analysis = analysis.merge(targets, on="id")

    estimator = nml.DLE(feature_column_names=FEATURES, y_pred="y_pred", y_true="y_true",
                        metrics=["mae", "rmse"], chunk_size=CHUNK_SIZE)
    with stdout_to_stderr():
        start = time.perf_counter()
        estimator.fit(reference)
        fit_seconds = time.perf_counter() - start
        start = time.perf_counter()
        result = estimator.estimate(analysis)
        estimate_seconds = time.perf_counter() - start

    data = result.filter(period="analysis").to_df()
    chunks = []
    for _, row in data.iterrows():
        chunks.append({
            "start": int(row[("chunk", "start_index")]),
            "end": int(row[("chunk", "end_index")]) + 1,
            "estimatedMAE": float(row[("mae", "value")]),
            "realizedMAE": float(row[("mae", "realized")]),
            "estimatedRMSE": float(row[("rmse", "value")]),
            "realizedRMSE": float(row[("rmse", "realized")]),
        })
    out = {
        "nannyml": nml.__version__,
        "lightgbm": lightgbm.__version__,
        "python": platform.python_version(),
        "referenceRows": len(reference),
        "analysisRows": len(analysis),
        "chunkSize": CHUNK_SIZE,
        # NannyML's fit also computes the reference chunks' estimates and thresholds.
        "fitSeconds": fit_seconds,
        "estimateSeconds": estimate_seconds,
        "chunks": chunks,
    }
    text = json.dumps(out, indent=1)
    if args.out == "-":
        print(text)
    else:
        with open(args.out, "w") as f:
            f.write(text + "\n")

    if args.csv_dir:
        columns = FEATURES + ["y_pred", "y_true"]
        reference[columns].to_csv(f"{args.csv_dir}/reference.csv", index=False)
        analysis[columns].to_csv(f"{args.csv_dir}/analysis.csv", index=False)


if __name__ == "__main__":
    sys.exit(main())
