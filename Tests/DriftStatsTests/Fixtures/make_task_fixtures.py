#!/usr/bin/env python3
"""Writes the oracle fixtures of the multiclass and regression statistics (design: tasks.md).

Every expected value is computed by NumPy or scikit-learn, independently of the Swift code under
test; samples are rounded BEFORE the expectations are computed, so both sides see identical
inputs. Seeds are fixed: running the script again rewrites identical files.

Undefined values are null, by these rules (the Swift doc comments state the same):
- multiclass: scikit-learn with `labels=` every class and `zero_division=np.nan`, NaN written as
  null. Per class, precision is null when the class is never predicted, recall when it is absent
  from the labels, F1 when both; the macro averages are scikit-learn's with zero_division=np.nan,
  i.e. the mean over the classes whose value is defined (null when none is); weighted F1 weighs
  by support, so a class with null F1 (support 0) does not count. Specificity is null when every
  label is the class. ROC AUC is `roc_auc_score(y, P, multi_class="ovr", average="macro")`, which
  is NaN (null here) when any class has no positive or no negative label in the window.
- regression: scikit-learn's metrics, except that `msle` and `rmsle` are null when any label or
  prediction is negative (tasks.md; scikit-learn 1.9 computes them down to -1 and raises at or
  below it), and `r2` is null when it is undefined: fewer than two records (scikit-learn: NaN) or
  all labels equal (scikit-learn substitutes 1.0 or 0.0 by default; force_finite=False gives NaN
  or -inf).

Each case is also cut into parts (windows); every part has its own expectations, so a window
without some class is checked too, and the Swift tests merge the parts' counts and compare them
with the counts and the expectations of the whole.

Run from this folder:  python3 make_task_fixtures.py
"""

import json
import math
import os
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import (accuracy_score, confusion_matrix, f1_score, mean_absolute_error,
                             mean_absolute_percentage_error, mean_squared_error,
                             mean_squared_log_error, precision_recall_fscore_support,
                             precision_score, r2_score, recall_score, roc_auc_score,
                             root_mean_squared_error, root_mean_squared_log_error)

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, payload):
    payload = {"generator": {"numpy": np.__version__, "sklearn": sklearn.__version__}, **payload}
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(payload, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")


def nullable(value):
    """NaN (scikit-learn's undefined) becomes null."""
    value = float(value)
    return None if math.isnan(value) else value


# ---------------------------------------------------------------------------------------------
# Multiclass


def multiclass_expected(scores, predictions, labels, k):
    classes = list(range(k))
    # Undefined values are what this fixture is about: scikit-learn's warnings say so.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        precision, recall, f1, support = precision_recall_fscore_support(
            labels, predictions, labels=classes, average=None, zero_division=np.nan)
        per_class = []
        for c in classes:
            specificity = recall_score((labels == c).astype(int), (predictions == c).astype(int),
                                       pos_label=0, zero_division=np.nan)
            per_class.append({"precision": nullable(precision[c]), "recall": nullable(recall[c]),
                              "f1": nullable(f1[c]), "specificity": nullable(specificity),
                              "support": int(support[c])})
        # One-vs-rest: each class against the others, on the class's own score column.
        indicator = np.stack([(labels == c).astype(int) for c in classes], axis=1)
        class_auc = [nullable(roc_auc_score(indicator[:, c], scores[:, c])) for c in classes]
        if k > 2:
            macro_auc = roc_auc_score(labels, scores, multi_class="ovr", average="macro", labels=classes)
        else:
            # With two classes scikit-learn reads the labels as binary and wants one score column;
            # its macro average over the indicator columns is the one-vs-rest macro AUC.
            macro_auc = roc_auc_score(indicator, scores, average="macro")
        expected = {
            "labelled": int(len(labels)),
            "confusion": confusion_matrix(labels, predictions, labels=classes).tolist(),
            "accuracy": float(accuracy_score(labels, predictions)),
            "macroPrecision": nullable(precision_score(labels, predictions, labels=classes, average="macro",
                                                       zero_division=np.nan)),
            "macroRecall": nullable(recall_score(labels, predictions, labels=classes, average="macro",
                                                 zero_division=np.nan)),
            "macroF1": nullable(f1_score(labels, predictions, labels=classes, average="macro",
                                         zero_division=np.nan)),
            "weightedF1": nullable(f1_score(labels, predictions, labels=classes, average="weighted",
                                            zero_division=np.nan)),
            "rocAUC": nullable(macro_auc),
            "classROCAUC": class_auc,
            "classes": per_class,
        }
    return expected


def class_scores(rng, n, k, decimals, concentration):
    """Rows of class probabilities with `decimals` decimals that sum to 1 exactly (as rationals):
    the probabilities of a Dirichlet draw, rounded by a multinomial split of 10^decimals."""
    probabilities = rng.dirichlet(np.full(k, concentration), size=n)
    unit = 10 ** decimals
    counts = np.array([rng.multinomial(unit, p) for p in probabilities])
    return counts / unit, probabilities


def draw_labels(rng, probabilities, allowed):
    p = probabilities * allowed
    p = p / p.sum(axis=1, keepdims=True)
    return np.array([rng.choice(len(row), p=row) for row in p])


def argmax_among(scores, allowed):
    """The decision: the highest score among the allowed classes, ties to the first in order."""
    return np.argmax(np.where(allowed, scores, -1.0), axis=1)


def multiclass_case(name, k, scores, predictions, labels, part_ends, decimals):
    assert part_ends[-1] == len(labels)
    assert np.allclose(scores.sum(axis=1), 1)
    parts = []
    start = 0
    for end in part_ends:
        parts.append(multiclass_expected(scores[start:end], predictions[start:end], labels[start:end], k))
        start = end
    return {
        "name": name,
        "classCount": k,
        "scoreDecimals": decimals,
        "scores": scores.tolist(),
        "predictions": predictions.tolist(),
        "labels": labels.tolist(),
        "partEnds": part_ends,
        "whole": multiclass_expected(scores, predictions, labels, k),
        "parts": parts,
    }


def multiclass_cases():
    rng = np.random.default_rng(20261206)
    cases = []

    def simple(name, k, n, decimals, part_ends, concentration=0.8, labels_allowed=None,
               predictions_allowed=None):
        scores, probabilities = class_scores(rng, n, k, decimals, concentration)
        allowed_labels = np.ones(k) if labels_allowed is None else np.asarray(labels_allowed, dtype=float)
        labels = draw_labels(rng, probabilities, allowed_labels)
        allowed_predictions = np.ones(k, dtype=bool) if predictions_allowed is None else np.asarray(predictions_allowed)
        predictions = argmax_among(scores, allowed_predictions)
        cases.append(multiclass_case(name, k, scores, predictions, labels, part_ends, decimals))

    simple("k3_typical", 3, 2000, 3, [700, 1200, 2000])
    simple("k2", 2, 600, 3, [100, 600])
    simple("k4_never_predicted", 4, 900, 3, [300, 900], predictions_allowed=[True, True, True, False])
    simple("k4_absent_from_labels", 4, 900, 3, [450, 900], labels_allowed=[1, 0, 1, 1])
    simple("k5_absent_and_never_predicted", 5, 1000, 3, [250, 600, 1000],
           labels_allowed=[1, 1, 1, 1, 0], predictions_allowed=[True, True, True, True, False])
    simple("k3_one_class_only", 3, 300, 3, [120, 300], labels_allowed=[1, 0, 0])
    simple("k3_ties_tenths", 3, 800, 1, [400, 800], concentration=1.5)
    simple("k5_six_decimals", 5, 1500, 6, [500, 1500])
    simple("k3_small", 3, 12, 3, [5, 12])

    # A class that appears only late: the first window has no label and no prediction of class 3,
    # the whole stream has both.
    k = 4
    scores, probabilities = class_scores(rng, 1000, k, 3, 0.8)
    early = np.arange(1000) < 400
    allowed = np.where(early[:, None], np.array([1, 1, 1, 0]), np.ones(k))
    p = probabilities * allowed
    labels = np.array([rng.choice(k, p=row / row.sum()) for row in p])
    predictions = np.argmax(np.where(allowed > 0, scores, -1.0), axis=1)
    cases.append(multiclass_case("k4_class_appears_later", k, scores, predictions, labels, [400, 1000], 3))

    # Decisions that are not the argmax of the scores (a `prediction` field served beside them).
    k = 3
    scores, probabilities = class_scores(rng, 500, k, 3, 0.8)
    labels = draw_labels(rng, probabilities, np.ones(k))
    predictions = rng.integers(0, k, 500)
    cases.append(multiclass_case("k3_served_predictions", k, scores, predictions, labels, [200, 500], 3))
    return cases


# ---------------------------------------------------------------------------------------------
# Regression


def regression_expected(predictions, labels):
    n = len(labels)
    has_negative = bool(np.any(labels < 0) or np.any(predictions < 0))
    constant_labels = bool(np.all(labels == labels[0]))
    mse = mean_squared_error(labels, predictions)
    return {
        "labelled": int(n),
        "mae": float(mean_absolute_error(labels, predictions)),
        "mse": float(mse),
        "rmse": float(root_mean_squared_error(labels, predictions)),
        "mape": float(mean_absolute_percentage_error(labels, predictions)),
        "msle": None if has_negative else float(mean_squared_log_error(labels, predictions)),
        "rmsle": None if has_negative else float(root_mean_squared_log_error(labels, predictions)),
        "r2": None if n < 2 or constant_labels else float(r2_score(labels, predictions)),
        # Correctly rounded (math.fsum): the errors of some cases nearly cancel, and a pairwise
        # sum would be the less exact side.
        "meanError": math.fsum(predictions - labels) / n,
    }


def regression_case(name, predictions, labels, part_ends):
    assert part_ends[-1] == len(labels)
    parts = []
    start = 0
    for end in part_ends:
        parts.append(regression_expected(predictions[start:end], labels[start:end]))
        start = end
    return {
        "name": name,
        "predictions": predictions.tolist(),
        "labels": labels.tolist(),
        "partEnds": part_ends,
        "whole": regression_expected(predictions, labels),
        "parts": parts,
    }


def regression_cases():
    rng = np.random.default_rng(6121)
    cases = []

    labels = np.round(rng.gamma(4.0, 12.0, 1500), 3)
    predictions = np.round(np.clip(labels + rng.normal(1.0, 6.0, 1500), 0, None), 3)
    cases.append(regression_case("typical", predictions, labels, [500, 1100, 1500]))

    # Prices around 1e5: sums of y and y^2 would lose the digits R^2 needs.
    labels = np.round(1e5 + rng.normal(0, 2500, 20000), 2)
    predictions = np.round(labels + rng.normal(-30, 400, 20000), 2)
    cases.append(regression_case("prices_offset_1e5", predictions, labels, [3000, 11000, 20000]))

    # Prices around 1e7 with a tiny spread: harder still.
    labels = np.round(1e7 + rng.normal(0, 50, 5000), 2)
    predictions = np.round(labels + rng.normal(5, 20, 5000), 2)
    cases.append(regression_case("prices_offset_1e7", predictions, labels, [2500, 5000]))

    # Errors that nearly cancel: the mean error is small next to the errors.
    labels = np.round(rng.normal(1000, 100, 4000), 3)
    noise = np.round(rng.normal(0, 50, 2000), 3)
    predictions = labels + np.concatenate([noise, -noise])
    predictions[0] += 0.001
    cases.append(regression_case("cancelling_errors", predictions, labels, [1000, 4000]))

    labels = np.round(rng.poisson(3.0, 800).astype(float), 0)
    labels[:5] = 0.0
    predictions = np.round(np.abs(labels + rng.normal(0, 1.0, 800)), 2)
    predictions[1] = 0.0
    cases.append(regression_case("zeros_in_labels", predictions, labels, [300, 800]))

    labels = np.round(rng.normal(0.5, 0.8, 600), 3)
    predictions = np.round(labels + rng.normal(0, 0.2, 600), 3)
    cases.append(regression_case("negative_values", predictions, labels, [300, 600]))

    # Negative values above -1: scikit-learn 1.9 gives an MSLE, tasks.md a null.
    labels = np.round(rng.uniform(-0.5, 3.0, 400), 3)
    predictions = np.round(np.clip(labels + rng.normal(0, 0.3, 400), -0.9, None), 3)
    cases.append(regression_case("negative_above_minus_one", predictions, labels, [200, 400]))

    # A window with negative values merged with one without: null for the whole too.
    labels = np.round(rng.uniform(1.0, 5.0, 400), 3)
    predictions = np.round(labels + rng.normal(0, 0.5, 400), 3)
    predictions[350] = -2.0
    cases.append(regression_case("negative_prediction_late", predictions, labels, [300, 400]))

    labels = np.full(50, 12.5)
    cases.append(regression_case("constant_labels_perfect", labels.copy(), labels, [20, 50]))
    predictions = np.round(12.5 + rng.normal(0, 1, 50), 3)
    cases.append(regression_case("constant_labels", predictions, labels, [20, 50]))

    cases.append(regression_case("single_record", np.array([3.0]), np.array([2.0]), [1]))
    cases.append(regression_case("two_records", np.array([3.0, 4.5]), np.array([2.0, 5.0]), [1, 2]))
    return cases


def main():
    write("multiclass.json", {"cases": multiclass_cases()})
    write("regression.json", {"eps": float(np.finfo(np.float64).eps), "cases": regression_cases()})


if __name__ == "__main__":
    main()
