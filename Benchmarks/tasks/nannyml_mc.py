#!/usr/bin/env python3
"""NannyML 0.13.1's multiclass CBPE on NannyML's own multiclass data, for comparison with
modeltop's estimated multiclass metrics (docs/statistics.md, "Estimated performance before
labels arrive").

Reads mc_reference, mc_analysis and mc_analysis_target (60,000 rows each), fits CBPE on the
reference with chunk_size=6000 and metrics accuracy, precision, recall, f1 and roc_auc
(average='macro'), estimates the analysis chunks and writes, per chunk, the estimated and the
realized values (realized from the joined targets), the per-class calibrate-or-not decision and
the seconds taken by fit and estimate.

NannyML's calibration decision sorts tied scores with np.argsort, whose order among ties depends
on NumPy's SIMD sort of the machine; on this data prepaid_card's decision (kept raw on an
AVX-512 machine with numpy 2.4) is within that noise, and modeltop, which shares tied labels
across bin edges, calibrates it. The estimates then differ by at most 0.0015.

Not run in CI. With Python 3.10+:
    python3 -m venv venv && venv/bin/pip install nannyml==0.13.1 'pandas<3' statsmodels
    venv/bin/python nannyml_mc.py [out.json]      # default: nannyml_mc.json in this folder
Versions this was written against: nannyml 0.13.1, pandas 2.3, scikit-learn 1.9, numpy 2.4.
"""

import json
import os
import sys
import time

os.environ.setdefault('NML_DISABLE_USAGE_LOGGING', '1')  # no usage upload

import nannyml as nml
import numpy as np
from nannyml.calibration import NoopCalibrator

CLASSES = ['highstreet_card', 'prepaid_card', 'upmarket_card']  # NannyML sorts the class names
METRICS = ['accuracy', 'precision', 'recall', 'f1', 'roc_auc']
KEYS = {'accuracy': 'accuracy', 'precision': 'macro_precision', 'recall': 'macro_recall',
        'f1': 'macro_f1', 'roc_auc': 'roc_auc'}


def number(value):
    value = float(value)
    return None if np.isnan(value) else value


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                             'nannyml_mc.json')
    reference, analysis, analysis_target = nml.load_synthetic_multiclass_classification_dataset()
    analysis = analysis.merge(analysis_target, on='id')
    estimator = nml.CBPE(
        y_pred_proba={c: f'y_pred_proba_{c}' for c in CLASSES},
        y_pred='y_pred',
        y_true='y_true',
        problem_type='classification_multiclass',
        metrics=METRICS,
        chunk_size=6000,
    )
    start = time.perf_counter()
    estimator.fit(reference)
    fitted = time.perf_counter()
    result = estimator.estimate(analysis)
    done = time.perf_counter()

    frame = result.filter(period='analysis').to_df()
    chunks = []
    for _, row in frame.iterrows():
        chunk = {'key': row[('chunk', 'key')], 'start_index': int(row[('chunk', 'start_index')]),
                 'end_index': int(row[('chunk', 'end_index')]), 'estimated': {}, 'realized': {}}
        for metric in METRICS:
            chunk['estimated'][KEYS[metric]] = number(row[(metric, 'value')])
            chunk['realized'][KEYS[metric]] = number(row[(metric, 'realized')])
        chunks.append(chunk)

    report = {
        'nannyml': nml.__version__,
        'chunk_size': 6000,
        'reference_rows': len(reference),
        'analysis_rows': len(analysis),
        'classes': CLASSES,
        'calibrated': {c: not isinstance(estimator._calibrators[c], NoopCalibrator) for c in CLASSES},
        'seconds_fit': fitted - start,
        'seconds_estimate': done - fitted,
        'seconds': done - start,
        'chunks': chunks,
    }
    with open(out, 'w') as f:
        json.dump(report, f, indent=1)
        f.write('\n')
    print(json.dumps({k: report[k] for k in ('calibrated', 'seconds_fit', 'seconds_estimate')}))


if __name__ == '__main__':
    main()
