#!/usr/bin/env python3
"""Writes cbpe.json, the oracle of the multiclass confidence-based estimate (CBPE), computed by
NannyML 0.13.1 itself on a deterministic part of NannyML's own multiclass data set.

Run from this folder, with Python 3.10+ (written with nannyml 0.13.1, pandas 2.3,
scikit-learn 1.9, numpy 2.4):
    python3 -m venv venv && venv/bin/pip install nannyml==0.13.1 'pandas<3' statsmodels
    venv/bin/python make_cbpe_fixtures.py

The data: the first 12,000 rows of mc_reference (scores of the three classes, y_true) and three
chunks of 3,000 rows of mc_analysis (scores, y_pred): rows 0-2,999 (before the shift),
28,500-31,499 (straddling it) and 57,000-59,999 (after it). Classes are indexed in NannyML's
order, the sorted class names. Nothing is rounded: the scores have two decimals in the data set.

Recorded:
- `calibrated`: per class, whether NannyML chose the isotonic calibrator (not `NoopCalibrator`).
- `chunks`: NannyML's estimated accuracy, macro precision, recall, F1 and ROC AUC per chunk
  (CBPE with chunk_size=3000), and the realized values from mc_analysis_target.
- `probabilities`: NannyML's calibrated, normalised probabilities of every 15th analysis row.
- `folds`: scikit-learn's StratifiedShuffleSplit(10, test_size=0.1, random_state=42) on the
  one-vs-rest labels of class 0, the first 20 train and test indices of splits 1 and 10, which
  NannyML's calibration decision uses.
"""

import json
import os

os.environ.setdefault('NML_DISABLE_USAGE_LOGGING', '1')  # no usage upload

import nannyml as nml  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import sklearn  # noqa: E402
from nannyml.calibration import NoopCalibrator  # noqa: E402
from nannyml.performance_estimation.confidence_based.cbpe import _calibrate_predicted_probabilities  # noqa: E402
from sklearn.model_selection import StratifiedShuffleSplit  # noqa: E402
from sklearn.preprocessing import label_binarize  # noqa: E402

CLASSES = ['highstreet_card', 'prepaid_card', 'upmarket_card']
COLUMNS = {c: f'y_pred_proba_{c}' for c in CLASSES}
METRICS = ['accuracy', 'precision', 'recall', 'f1', 'roc_auc']
KEYS = {'accuracy': 'accuracy', 'precision': 'macroPrecision', 'recall': 'macroRecall',
        'f1': 'macroF1', 'roc_auc': 'rocAUC'}
CHUNK = 3000
ANALYSIS_RANGES = [(0, 3000), (28500, 31500), (57000, 60000)]


def main():
    reference, analysis, target = nml.load_synthetic_multiclass_classification_dataset()
    analysis = analysis.merge(target, on='id')
    reference = reference.iloc[:12000].reset_index(drop=True)
    analysis = pd.concat([analysis.iloc[a:b] for a, b in ANALYSIS_RANGES]).reset_index(drop=True)

    estimator = nml.CBPE(y_pred_proba=COLUMNS, y_pred='y_pred', y_true='y_true',
                         problem_type='classification_multiclass', metrics=METRICS, chunk_size=CHUNK)
    estimator.fit(reference)
    frame = estimator.estimate(analysis).filter(period='analysis').to_df()
    assert len(frame) == len(ANALYSIS_RANGES)
    chunks = [{'estimated': {KEYS[m]: float(row[(m, 'value')]) for m in METRICS},
               'realized': {KEYS[m]: float(row[(m, 'realized')]) for m in METRICS}}
              for _, row in frame.iterrows()]

    calibrated = _calibrate_predicted_probabilities(analysis, 'y_true', COLUMNS, estimator._calibrators)
    rows = list(range(0, len(analysis), 15))
    probabilities = [[float(calibrated[COLUMNS[c]].iloc[i]) for c in CLASSES] for i in rows]

    labels0 = label_binarize(reference['y_true'], classes=CLASSES).T[0]
    splits = list(StratifiedShuffleSplit(n_splits=10, test_size=0.1, random_state=42)
                  .split(reference[COLUMNS[CLASSES[0]]], labels0))
    folds = [{'split': s, 'trainCount': len(splits[s][0]), 'testCount': len(splits[s][1]),
              'train': splits[s][0][:20].tolist(), 'test': splits[s][1][:20].tolist()} for s in (0, 9)]

    index = {c: i for i, c in enumerate(CLASSES)}
    fixture = {
        'versions': {'nannyml': nml.__version__, 'scikit-learn': sklearn.__version__, 'numpy': np.__version__},
        'classes': CLASSES,
        'chunkSize': CHUNK,
        'reference': {'scores': [reference[COLUMNS[c]].tolist() for c in CLASSES],
                      'labels': [index[v] for v in reference['y_true']]},
        'analysis': {'scores': [analysis[COLUMNS[c]].tolist() for c in CLASSES],
                     'predicted': [index[v] for v in analysis['y_pred']]},
        'calibrated': [not isinstance(estimator._calibrators[c], NoopCalibrator) for c in CLASSES],
        'chunks': chunks,
        'probabilityRows': rows,
        'probabilities': probabilities,
        'folds': folds,
    }
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'cbpe.json'), 'w') as f:
        json.dump(fixture, f, separators=(',', ':'))
        f.write('\n')


if __name__ == '__main__':
    main()
