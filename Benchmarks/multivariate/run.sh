#!/usr/bin/env bash
# modeltop's multivariate drift (PCA reconstruction error) against NannyML 0.13.1's
# DataReconstructionDriftCalculator on NannyML's own car-loan data (50,000 reference and 50,000
# analysis rows, as its wheel ships them), in chunks of 5,000 analysis rows, as NannyML's
# documentation runs it: each chunk's error, thresholds and alert, and each tool's time. Writes
# the section "Multivariate drift against NannyML" of Benchmarks/RESULTS.md (the rest of the file
# is left alone).
#
#   bash Benchmarks/multivariate/run.sh
#
# Environment: RUNS (default 3) timed runs per tool, the median reported; PYTHON, a Python with
# the pinned tools of Benchmarks/tasks/requirements.txt (default: that folder's .venv, built
# when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
here=Benchmarks/multivariate
tasks=Benchmarks/tasks
out=Benchmarks/out/multivariate
runs=${RUNS:-3}
export NML_DISABLE_USAGE_LOGGING=1 PYTHONWARNINGS=ignore
mkdir -p "$out/runs"
rm -f "$out/runs/"*

python=${PYTHON:-$tasks/.venv/bin/python}
source Benchmarks/venv.sh
[ -n "${PYTHON:-}" ] || ensure_venv "$tasks"

echo "building modeltop (release)" >&2
swift build -c release --product modeltop >&2
bin=$(swift build -c release --show-bin-path)/modeltop

"$python" "$here/export.py" "$out"
cat "$out"/*.csv > /dev/null   # the page cache holds the files for both tools
{
    echo "nproc=$(nproc)"
    echo "cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
    echo "swift=$(swift --version 2>&1 | head -1)"
    echo "python=$("$python" --version 2>&1)"
    "$python" -c 'import importlib.metadata as m; [print(f"{n}={m.version(n)}") for n in ["nannyml", "scikit-learn", "pandas", "numpy"]]'
    echo "commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources Package.swift || echo '+changes')"
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
} > "$out/machine.txt"

for run in $(seq "$runs"); do
    # Hour buckets: the analysis rows come about nine minutes apart (see tasks/run.sh).
    /usr/bin/time -f '%e %U %S' -o "$out/runs/modeltop-$run.time" \
        "$bin" report --format json --chunk-size 5000 --bucket 1h --config "$out/modeltop.yaml" \
        > "$out/runs/modeltop-$run.json" 2> "$out/runs/modeltop-$run.err" || true
    /usr/bin/time -f '%e %U %S' -o "$out/runs/nannyml-$run.time" \
        "$python" "$here/nannyml_multivariate.py" "$out" > "$out/runs/nannyml-$run.json"
done

"$python" "$here/compare.py" "$out" "$runs" Benchmarks/RESULTS.md
