#!/usr/bin/env python3
"""NannyML 0.13.1's DataReconstructionDriftCalculator on its car-loan data, as its documentation
runs it (the seven features, chunks of 5,000 rows), printing JSON: per analysis chunk the
reconstruction error, the thresholds and the alert, and the seconds fit and calculate took.

    python nannyml_multivariate.py DATA_DIR       (reference.csv and analysis.csv from export.py)
"""
import json
import os
import sys
import time

import nannyml as nml
import pandas as pd

FEATURES = ["car_value", "salary_range", "debt_to_income_ratio", "loan_length",
            "repaid_loan_on_prev_car", "size_of_downpayment", "driver_tenure"]


def main():
    folder = sys.argv[1]
    # As nml.load_synthetic_car_loan_dataset() reads them.
    reference = pd.read_csv(os.path.join(folder, "reference.csv"))
    analysis = pd.read_csv(os.path.join(folder, "analysis.csv"))
    start = time.perf_counter()
    calc = nml.DataReconstructionDriftCalculator(column_names=FEATURES, timestamp_column_name="timestamp",
                                                 chunk_size=5000)
    calc.fit(reference)
    result = calc.calculate(analysis).filter(period="analysis").to_df()
    seconds = time.perf_counter() - start
    column = result["reconstruction_error"]
    chunks = [{"index": i, "error": float(column["value"].iloc[i]),
               "lower": float(column["lower_threshold"].iloc[i]), "upper": float(column["upper_threshold"].iloc[i]),
               "alert": bool(column["alert"].iloc[i])} for i in range(len(result))]
    print(json.dumps({"components": int(calc._pca.n_components_), "seconds": seconds, "chunks": chunks}))


if __name__ == "__main__":
    main()
