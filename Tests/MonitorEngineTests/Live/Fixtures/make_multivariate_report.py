#!/usr/bin/env python3
"""Writes the multivariate report fixture: every 10th row of NannyML's synthetic car-loan data
(its 0.13.1 wheel's synthetic_car_loan_reference.csv and _analysis.csv; 5,000 rows each, the
seven features NannyML's documentation monitors, the time and the model's outputs), and what
NannyML 0.13.1's DataReconstructionDriftCalculator makes of them in chunks of 1,000 rows
(multivariate-expected.json): per analysis chunk the mean reconstruction error, the thresholds
(mean ± 3σ of the reference's chunks) and the alert. The car-loan drift begins at analysis row
25,000, here in the middle of chunk 2.

    python3 -m venv VENV && VENV/bin/pip install nannyml==0.13.1 'pandas<3'
    VENV/bin/python make_multivariate_report.py        (from this folder)
"""
import json
import os

import nannyml as nml

HERE = os.path.dirname(os.path.abspath(__file__))
STRIDE, CHUNK = 10, 1_000
FEATURES = ["car_value", "salary_range", "debt_to_income_ratio", "loan_length",
            "repaid_loan_on_prev_car", "size_of_downpayment", "driver_tenure"]
COLUMNS = ["id"] + FEATURES + ["timestamp", "y_pred_proba", "y_pred"]


def main():
    reference, analysis, _ = nml.load_synthetic_car_loan_dataset()
    reference = reference.iloc[::STRIDE][COLUMNS].reset_index(drop=True)
    analysis = analysis.iloc[::STRIDE][COLUMNS].reset_index(drop=True)
    reference.to_csv(os.path.join(HERE, "multivariate-reference.csv"), index=False)
    analysis.to_csv(os.path.join(HERE, "multivariate-analysis.csv"), index=False)
    calc = nml.DataReconstructionDriftCalculator(column_names=FEATURES, timestamp_column_name="timestamp",
                                                 chunk_size=CHUNK)
    calc.fit(reference)
    result = calc.calculate(analysis).filter(period="analysis").to_df()["reconstruction_error"]
    expected = {
        "chunk_size": CHUNK,
        "components": int(calc._pca.n_components_),
        "lower": float(calc.lower_threshold_value),
        "upper": float(calc.upper_threshold_value),
        "chunks": [{"error": float(v), "alert": bool(a)} for v, a in zip(result["value"], result["alert"])],
    }
    with open(os.path.join(HERE, "multivariate-expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
