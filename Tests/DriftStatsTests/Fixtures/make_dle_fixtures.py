#!/usr/bin/env python3
"""Writes dle.json: the oracle of DriftStats' direct loss estimation (DirectLossEstimator), from
NannyML's own DLE run on a subsample of its regression_synthetic (car price) data.

The subsample is deterministic (seed 20260): 10,000 of the 60,000 reference rows and 9,000 of
the 60,000 analysis rows, each kept in their original order, so the analysis rows cut into 3
chunks of 3,000 that run from before NannyML's drift (which starts at analysis row 30,000) to
after it. NannyML 0.13.1's DLE (`nml.DLE`, metrics mae and rmse, default settings: LightGBM's
`LGBMRegressor()` on the features and y_pred, `fuel` and `transmission` categorical) is fitted
on exactly these reference rows and estimates exactly these chunks; the file holds the rows
and, per chunk, NannyML's estimated and realized MAE and RMSE.

Columns are written as NannyML hands them to LightGBM: numeric columns as they are, categorical
columns as its codes (scikit-learn's OrdinalEncoder over the sorted categories, plus 1), and
y_pred last among the inputs. Rows are column-major (one array per column).

Made with NannyML 0.13.1, LightGBM 4.5.0, pandas 2.3, NumPy 2.4, Python 3.11:

    python3 -m venv VENV && VENV/bin/pip install nannyml==0.13.1 'pandas<3' statsmodels lightgbm
    VENV/bin/python make_dle_fixtures.py          # from this folder; rewrites dle.json

Running it again writes an identical file (LightGBM's defaults draw no random numbers).
"""

import json
import os

import lightgbm
import nannyml as nml
import numpy as np
import pandas as pd

SEED = 20260
REFERENCE_ROWS = 10_000
ANALYSIS_ROWS = 9_000
CHUNK_SIZE = 3_000
NUMERIC = ["car_age", "km_driven", "price_new", "accident_count", "door_count"]
CATEGORICAL = ["fuel", "transmission"]
FEATURES = NUMERIC + CATEGORICAL


def subsample(frame, rows, rng):
    keep = np.sort(rng.choice(len(frame), size=rows, replace=False))
    return frame.iloc[keep].reset_index(drop=True)


def number(value):
    value = float(value)
    return int(value) if value.is_integer() else value


def column(values):
    return [number(v) for v in values]


def main():
    rng = np.random.default_rng(SEED)
    reference, analysis, targets = nml.load_synthetic_car_price_dataset()
    analysis = analysis.merge(targets, on="id")
    reference = subsample(reference, REFERENCE_ROWS, rng)
    analysis = subsample(analysis, ANALYSIS_ROWS, rng)

    estimator = nml.DLE(feature_column_names=FEATURES, y_pred="y_pred", y_true="y_true",
                        metrics=["mae", "rmse"], chunk_size=CHUNK_SIZE)
    estimator.fit(reference)
    result = estimator.estimate(analysis).filter(period="analysis").to_df()

    # NannyML's own encoding of the categorical columns (the fitted encoders, codes + 1).
    def encoded(frame):
        out = {name: column(frame[name]) for name in NUMERIC}
        for name in CATEGORICAL:
            codes = estimator._categorical_encoders[name].transform(
                frame[name].astype("object").values.reshape(-1, 1)).ravel() + 1
            out[name] = column(codes)
        out["y_pred"] = column(frame["y_pred"])
        return out

    columns = FEATURES + ["y_pred"]
    reference_columns = encoded(reference)
    analysis_columns = encoded(analysis)
    chunks = []
    for _, row in result.iterrows():
        chunks.append({
            "start": int(row[("chunk", "start_index")]),
            "end": int(row[("chunk", "end_index")]) + 1,
            "estimatedMAE": float(row[("mae", "value")]),
            "realizedMAE": float(row[("mae", "realized")]),
            "estimatedRMSE": float(row[("rmse", "value")]),
            "realizedRMSE": float(row[("rmse", "realized")]),
        })
    assert len(chunks) == ANALYSIS_ROWS // CHUNK_SIZE

    out = {
        "nannyml": nml.__version__,
        "lightgbm": lightgbm.__version__,
        "columns": columns,
        "categorical": [name in CATEGORICAL for name in columns],
        "categories": {name: [str(c) for c in estimator._categorical_encoders[name].categories_[0]]
                       for name in CATEGORICAL},
        "predictionColumn": columns.index("y_pred"),
        "reference": [reference_columns[name] for name in columns],
        "referenceTargets": column(reference["y_true"]),
        "analysis": [analysis_columns[name] for name in columns],
        "analysisTargets": column(analysis["y_true"]),
        "chunks": chunks,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dle.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
