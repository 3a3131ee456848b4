#!/usr/bin/env python3
"""Writes multivariate.json: the oracle of DriftStats' PCA reconstruction error
(PCAReconstruction, ReconstructionThresholds) and of the engine's encoding of a record for it
(docs/statistics.md, "Multivariate drift").

A small table, fixed here: 60 reference rows and 12 analysis rows of three numeric features
(x2 follows x1, x3 is constant: scikit-learn's StandardScaler leaves it at 0) and two categorical
ones (c1 has missing values; the analysis has a category the reference never had, "zeta", and
missing values in every column). It is run through scikit-learn exactly as NannyML 0.13.1's
DataReconstructionDriftCalculator runs it: SimpleImputer (most frequent for categories, mean for
numbers), frequency encoding (category_encoders' CountEncoder(normalize=True): unseen → 0),
StandardScaler, PCA(n_components=0.65, random_state=16), and the Euclidean norm of the
standardised row minus its reconstruction. NannyML's own calculator is run on the same table too,
and the script stops if its chunk values differ from the ones written.

The file holds the raw rows (for the engine's test), the encoded, imputed rows (for DriftStats'),
the scaler's means and scales, every component's explained variance ratio, the components kept,
the analysis rows' errors and their mean, and the thresholds from the reference's chunks of 10
rows (mean ± 3σ, ddof 0, lower clipped at 0).

Made with NannyML 0.13.1, scikit-learn 1.9, category_encoders 2.11, pandas 2.3, NumPy 2.4:

    python3 -m venv VENV && VENV/bin/pip install nannyml==0.13.1 'pandas<3'
    VENV/bin/python make_multivariate_fixtures.py     # from this folder; rewrites multivariate.json
"""

import json
import os

import nannyml as nml
import numpy as np
import pandas as pd
from category_encoders import CountEncoder
from sklearn.decomposition import PCA
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import StandardScaler

NUMERIC = ["x1", "x2", "x3"]
CATEGORICAL = ["c1", "c2"]
FEATURES = NUMERIC + CATEGORICAL
CHUNK = 10


def table():
    rng = np.random.default_rng(1616)
    n = 60
    x1 = rng.normal(10, 3, n).round(3)
    x2 = (0.8 * x1 + rng.normal(0, 1, n)).round(3)
    x3 = np.full(n, 4.0)
    c1 = rng.choice(["alpha", "beta", "gamma"], size=n, p=[0.5, 0.3, 0.2]).astype(object)
    c1[[3, 17, 41]] = np.nan  # NaN, as pandas reads an empty CSV field (SimpleImputer skips None)
    c2 = np.where(x1 + rng.normal(0, 2, n) > 10, "yes", "no").astype(object)
    reference = pd.DataFrame({"x1": x1, "x2": x2, "x3": x3, "c1": c1, "c2": c2})
    a1 = rng.normal(12, 4, 12).round(3)
    a2 = (0.2 * a1 + rng.normal(0, 2, 12)).round(3)
    a3 = np.full(12, 4.0)
    a3[5] = 6.0
    ac1 = rng.choice(["alpha", "beta", "gamma"], size=12).astype(object)
    ac1[2] = "zeta"
    ac1[7] = np.nan
    ac2 = rng.choice(["yes", "no"], size=12).astype(object)
    ac2[9] = "maybe"
    analysis = pd.DataFrame({"x1": a1, "x2": a2, "x3": a3, "c1": ac1, "c2": ac2})
    analysis.loc[4, "x1"] = np.nan
    analysis.loc[8, "x2"] = np.nan
    analysis.loc[10, "c2"] = np.nan
    return reference, analysis


def encode(reference, frame):
    """NannyML's steps, with scikit-learn's pieces: impute, then frequency-encode."""
    cat = SimpleImputer(missing_values=np.nan, strategy="most_frequent").fit(reference[CATEGORICAL])
    num = SimpleImputer(missing_values=np.nan, strategy="mean").fit(reference[NUMERIC])
    ref = reference.copy()
    ref[CATEGORICAL] = cat.transform(ref[CATEGORICAL])
    ref[NUMERIC] = num.transform(ref[NUMERIC])
    encoder = CountEncoder(cols=CATEGORICAL, normalize=True).fit(ref[FEATURES])
    out = frame.copy()
    out[CATEGORICAL] = cat.transform(out[CATEGORICAL])
    out[NUMERIC] = num.transform(out[NUMERIC])
    return encoder.transform(ref[FEATURES]).to_numpy(float), encoder.transform(out[FEATURES]).to_numpy(float)


def errors(pca, scaler, x):
    z = scaler.transform(x)
    return np.linalg.norm(z - pca.inverse_transform(pca.transform(z)), axis=1)


def value(v):
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    return v.item() if hasattr(v, "item") else v


def main():
    reference, analysis = table()
    ref_x, ana_x = encode(reference, analysis)
    scaler = StandardScaler().fit(ref_x)
    pca = PCA(n_components=0.65, random_state=16).fit(scaler.transform(ref_x))
    ref_err = errors(pca, scaler, ref_x)
    ana_err = errors(pca, scaler, ana_x)
    chunk_means = [float(ref_err[i:i + CHUNK].mean()) for i in range(0, len(ref_err), CHUNK)]
    mean, std = float(np.mean(chunk_means)), float(np.std(chunk_means))
    lower, upper = max(0.0, mean - 3 * std), mean + 3 * std

    # NannyML itself, on the same rows, one chunk of the analysis and chunks of 10 reference rows.
    calc = nml.DataReconstructionDriftCalculator(column_names=FEATURES, chunk_size=CHUNK)
    calc.fit(reference)
    assert np.allclose(calc.result.filter(period="reference").to_df()[("reconstruction_error", "value")], chunk_means)
    assert np.isclose(calc.upper_threshold_value, upper) and np.isclose(calc.lower_threshold_value, lower)
    calc2 = nml.DataReconstructionDriftCalculator(column_names=FEATURES, chunk_size=len(analysis))
    calc2.fit(reference)
    got = calc2.calculate(analysis.copy()).filter(period="analysis").to_df()[("reconstruction_error", "value")]
    assert np.isclose(got.iloc[0], ana_err.mean()), (got.iloc[0], ana_err.mean())

    fixture = {
        "numeric": NUMERIC,
        "categorical": CATEGORICAL,
        "chunk_size": CHUNK,
        "reference_rows": [[value(v) for v in row] for row in reference[FEATURES].itertuples(index=False)],
        "analysis_rows": [[value(v) for v in row] for row in analysis[FEATURES].itertuples(index=False)],
        "reference_encoded": ref_x.tolist(),
        "analysis_encoded": ana_x.tolist(),
        "means": scaler.mean_.tolist(),
        "scales": scaler.scale_.tolist(),
        "explained_variance_ratio": pca.explained_variance_ratio_.tolist(),
        "all_variance_ratio": PCA().fit(scaler.transform(ref_x)).explained_variance_ratio_.tolist(),
        "components": int(pca.n_components_),
        "reference_errors": ref_err.tolist(),
        "analysis_errors": ana_err.tolist(),
        "analysis_mean_error": float(ana_err.mean()),
        "reference_chunk_means": chunk_means,
        "lower": lower,
        "upper": upper,
    }
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "multivariate.json"), "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
