#!/usr/bin/env python3
"""Copies NannyML's own multiclass and regression data sets, as its 0.13.1 wheel ships them, to
CSV files modeltop reads, and writes a modeltop.yaml beside each.

    python export.py OUT_DIR

OUT_DIR/multiclass: reference.csv (mc_reference), analysis.csv (mc_analysis), targets.csv
(mc_analysis_gt, `id,y_true` only). OUT_DIR/regression: the same from regression_synthetic_*.
The files are the bytes NannyML's loaders (`load_synthetic_multiclass_classification_dataset`,
`load_synthetic_car_price_dataset`) read, so every tool sees the same values in the same order.
The target files have no time: modeltop's join then holds every prediction until its label comes
(bounded by max_pending only), and a label counts in its prediction's chunk.
"""
import importlib.resources
import os
import shutil
import sys

CLASSES = ["highstreet_card", "prepaid_card", "upmarket_card"]
FILES = {
    "multiclass": ("mc_reference.csv", "mc_analysis.csv", "mc_analysis_gt.csv"),
    "regression": ("regression_synthetic_reference.csv", "regression_synthetic_analysis.csv",
                   "regression_synthetic_analysis_targets.csv"),
}

COMMON = """\
reference: reference.csv
predictions: analysis.csv
labels: targets.csv
window: all
fields:
  id: id
  ts: timestamp
  prediction: y_pred
  label: y_true
"""

CONFIG = {
    # Every other column (the seven inputs) is a feature; the class scores are mapped fields.
    "multiclass": "model: nannyml-multiclass\ntask: multiclass\n" + COMMON + "  class_scores:\n" + "".join(
        f"    {c}: y_pred_proba_{c}\n" for c in CLASSES),
    # Kinds as NannyML's DLE takes them: fuel and transmission categorical, the rest numeric
    # (accident_count and door_count have few values and would otherwise be read as categories).
    "regression": "model: nannyml-regression\ntask: regression\n" + COMMON +
    "features:\n  numeric: [car_age, km_driven, price_new, accident_count, door_count]\n"
    "  categorical: [fuel, transmission]\n",
}


def main():
    out = sys.argv[1]
    data = importlib.resources.files("nannyml.datasets") / "data"
    for task, names in FILES.items():
        folder = os.path.join(out, task)
        os.makedirs(folder, exist_ok=True)
        for name, target in zip(names, ("reference.csv", "analysis.csv", "targets.csv")):
            with importlib.resources.as_file(data / name) as path:
                shutil.copyfile(path, os.path.join(folder, target))
        with open(os.path.join(folder, "modeltop.yaml"), "w") as f:
            f.write(CONFIG[task])


if __name__ == "__main__":
    main()
