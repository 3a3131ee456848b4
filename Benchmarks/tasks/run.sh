#!/usr/bin/env bash
# modeltop's multiclass and regression reports against NannyML 0.13.1 and scikit-learn on
# NannyML's own data sets (mc_* and regression_synthetic_*, 60,000 reference and 60,000 analysis
# rows each, as its wheel ships them), in chunks of 6,000 analysis rows: realized metrics against
# scikit-learn's on each chunk, estimated ones against NannyML's CBPE (multiclass) and DLE
# (regression), and the time each tool takes. Writes the section "Multiclass and regression
# against NannyML" of Benchmarks/RESULTS.md (the rest of the file is left alone).
#
#   bash Benchmarks/tasks/run.sh
#
# Environment: RUNS (default 3) timed runs per tool and task; each figure is the median.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=Benchmarks/tasks
out=Benchmarks/out/tasks
runs=${RUNS:-3}
chunk=6000
python=$here/.venv/bin/python
export NML_DISABLE_USAGE_LOGGING=1 PYTHONWARNINGS=ignore
mkdir -p "$out"

# The Python tools, pinned, in their own environment (rebuilt when requirements.txt changes).
source Benchmarks/venv.sh
ensure_venv "$here"

echo "building modeltop (release)" >&2
swift build -c release --product modeltop >&2
bin=$(swift build -c release --show-bin-path)/modeltop

# NannyML's files, copied out of the installed wheel, and a modeltop.yaml per task.
"$python" "$here/export.py" "$out"

{
    echo "nproc=$(nproc)"
    echo "cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
    echo "memory_kb=$(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)"
    echo "os=$(. /etc/os-release && echo "$PRETTY_NAME")"
    echo "kernel=$(uname -r)"
    echo "swift=$(swift --version 2>&1 | head -1)"
    echo "python=$("$python" --version 2>&1)"
    "$python" - <<'PY'
import importlib.metadata as m
for name in ["nannyml", "scikit-learn", "lightgbm", "pandas", "numpy"]:
    print(f"{name}={m.version(name)}")
PY
    echo "modeltop=$("$bin" --version 2>/dev/null || echo unknown)"
    echo "commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources Package.swift || echo '+changes')"
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
} > "$out/machine.txt"
cat "$out/machine.txt" >&2

# One timed run: /usr/bin/time -v's record, the output, stderr and the exit status kept.
timed() {
    local stem=$1
    shift
    local status=0
    /usr/bin/time -v -o "$stem.time" "$@" > "$stem.out" 2> "$stem.err" || status=$?
    echo "$status" > "$stem.status"
    printf '%-40s %s exit %d\n' "${stem#"$out"/}" \
        "$(sed -n 's/^\tElapsed (wall clock) time (h:mm:ss or m:ss): //p' "$stem.time")" "$status" >&2
    return "$status"
}

for task in multiclass regression; do
    data=$out/$task
    mkdir -p "$data/runs"
    rm -f "$data/runs/"*
    cat "$data"/*.csv > /dev/null   # the page cache holds the files for every tool
    case $task in
        multiclass) nannyml=("$python" "$here/nannyml_mc.py") ;;
        regression) nannyml=("$python" "$here/nannyml_regression.py") ;;
    esac
    for run in $(seq "$runs"); do
        # The tools interleave, so that a slow moment of the machine hits all of them.
        timed "$data/runs/modeltop-$run" "$bin" report --format json --chunk-size "$chunk" \
            --config "$data/modeltop.yaml"
        # The same report with hour buckets: NannyML's rows come about a minute apart, so with
        # the default 1m buckets nearly every record ends a bucket, where a report builds the
        # window's snapshot and judges the alert rules (as a replay under watch would).
        timed "$data/runs/modeltop1h-$run" "$bin" report --format json --chunk-size "$chunk" --bucket 1h \
            --config "$data/modeltop.yaml"
        timed "$data/runs/nannyml-$run" "${nannyml[@]}" "$data/runs/nannyml-$run.json"
        timed "$data/runs/sklearn-$run" "$python" "$here/sklearn_realized.py" "$data" "$task" "$chunk" \
            "$data/runs/sklearn-$run.json"
    done
done

"$python" "$here/compare.py" "$out" Benchmarks/RESULTS.md
