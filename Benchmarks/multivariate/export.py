#!/usr/bin/env python3
"""Copies NannyML's synthetic car-loan data (its 0.13.1 wheel's synthetic_car_loan_reference.csv
and synthetic_car_loan_analysis.csv, 50,000 rows each) to OUT_DIR as reference.csv and
analysis.csv, and writes a modeltop.yaml beside them naming the seven features NannyML's
documentation passes to DataReconstructionDriftCalculator (column_names), with the kinds
NannyML infers from their dtypes: salary_range, repaid_loan_on_prev_car and size_of_downpayment
categorical, the rest numeric (loan_length has few values and would otherwise be read as
categories).

    python export.py OUT_DIR
"""
import importlib.resources
import os
import shutil
import sys

CONFIG = """\
model: nannyml-car-loan
reference: reference.csv
predictions: analysis.csv
window: all
fields:
  id: id
  ts: timestamp
  prediction: y_pred
  score: y_pred_proba
  label: repaid
features:
  numeric: [car_value, debt_to_income_ratio, loan_length, driver_tenure]
  categorical: [salary_range, repaid_loan_on_prev_car, size_of_downpayment]
"""


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    data = importlib.resources.files("nannyml.datasets") / "data"
    for name, target in (("synthetic_car_loan_reference.csv", "reference.csv"),
                         ("synthetic_car_loan_analysis.csv", "analysis.csv")):
        with importlib.resources.as_file(data / name) as path:
            shutil.copyfile(path, os.path.join(out, target))
    with open(os.path.join(out, "modeltop.yaml"), "w") as f:
        f.write(CONFIG)


if __name__ == "__main__":
    main()
