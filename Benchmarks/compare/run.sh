#!/usr/bin/env bash
# modeltop against Evidently, NannyML and whylogs: per-feature drift of a 1,000,000-row current
# log against a 100,000-row reference, 10 and 100 features, every tool on the same CSV files in
# the same run. Rewrites Benchmarks/RESULTS.md.
#
#   bash Benchmarks/compare/run.sh
#
# Environment: RUNS (default 3) runs per tool on the 10-feature data, WIDE_RUNS (default 3 for
# modeltop; the Python tools take WIDE_TOOL_RUNS, default 1, since one of their runs on the wide
# data takes minutes). Each figure is the median of its runs. ONLY="modeltop scipy" reruns
# those tools alone and keeps the other tools' last runs (after a change to modeltop, say).
set -euo pipefail
cd "$(dirname "$0")/../.."
here=Benchmarks/compare
out=Benchmarks/out/compare
runs=${RUNS:-3}
wide_runs=${WIDE_RUNS:-3}
wide_tool_runs=${WIDE_TOOL_RUNS:-1}
only=${ONLY:-modeltop pandas whylogs nannyml evidently scipy}
python=$here/.venv/bin/python
export NML_DISABLE_USAGE_LOGGING=1 PYTHONWARNINGS=ignore
mkdir -p "$out"

# The Python tools, pinned, in their own environment (rebuilt when requirements.txt changes).
source Benchmarks/venv.sh
ensure_venv "$here"

echo "building modeltop (release)" >&2
swift build -c release --product modeltop >&2
bin=$(swift build -c release --show-bin-path)/modeltop

# The data, regenerated when the generator changes.
stamp=$(sha1sum "$here/generate.py" | cut -c1-12)
for dataset in narrow wide; do
    blocks=1
    [ "$dataset" = wide ] && blocks=10
    if [ "$(cat "$out/$dataset/stamp" 2>/dev/null)" != "$stamp" ]; then
        echo "generating $dataset ($blocks block(s) of 10 features)" >&2
        "$python" "$here/generate.py" "$out/$dataset" --blocks "$blocks"
        echo "$stamp" > "$out/$dataset/stamp"
    fi
done

# Machine and versions, for the report.
{
    echo "nproc=$(nproc)"
    echo "cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
    echo "memory_kb=$(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)"
    echo "os=$(. /etc/os-release && echo "$PRETTY_NAME")"
    echo "kernel=$(uname -r)"
    echo "swift=$(swift --version 2>&1 | head -1)"
    echo "python=$("$python" --version 2>&1)"
    "$python" - <<'EOF'
import importlib.metadata as m
for name in ["evidently", "nannyml", "whylogs", "pandas", "numpy", "scipy"]:
    print(f"{name}={m.version(name)}")
EOF
    echo "modeltop=$("$bin" --version 2>/dev/null || git describe --always --dirty)"
    echo "commit=$(git rev-parse --short HEAD)"
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
} > "$out/machine.txt"
cat "$out/machine.txt" >&2

mkdir -p "$out/runs"
for tool in $only; do
    rm -f "$out/runs/"*"-$tool-"*
done

# One timed run: wall time and peak RSS from /usr/bin/time -v, the tool's output kept.
timed() {
    local dataset=$1 tool=$2 run=$3
    case " $only " in *" $tool "*) ;; *) return 0 ;; esac
    local data=$out/$dataset stem=$out/runs/$dataset-$tool-$run
    local status=0
    if [ "$tool" = modeltop ]; then
        /usr/bin/time -v -o "$stem.time" "$bin" report --format json --config "$data/modeltop.yaml" \
            > "$stem.json" 2> "$stem.err" || status=$?
    else
        /usr/bin/time -v -o "$stem.time" "$python" "$here/tools.py" "$tool" "$data" "$stem.json" \
            > "$stem.out" 2> "$stem.err" || status=$?
    fi
    echo "$status" > "$stem.status"
    printf '%-7s %-10s run %d: %s\n' "$dataset" "$tool" "$run" \
        "$(sed -n 's/^\tElapsed (wall clock) time (h:mm:ss or m:ss): //p' "$stem.time") exit $status" >&2
}

for dataset in narrow wide; do
    cat "$out/$dataset"/*.csv > /dev/null   # the page cache holds the files for everyone
    n=$runs
    [ "$dataset" = wide ] && n=$wide_runs
    for run in $(seq "$n"); do
        # Runs of the tools interleave, so that a slow moment of the machine hits all of them.
        timed "$dataset" modeltop "$run"
        if [ "$dataset" = narrow ] || [ "$run" -le "$wide_tool_runs" ]; then
            for tool in pandas whylogs nannyml evidently; do
                timed "$dataset" "$tool" "$run"
            done
        fi
    done
    # The oracle: modeltop's definitions, exactly, with NumPy and SciPy.
    timed "$dataset" scipy 1
done

"$python" "$here/compare.py" "$out" Benchmarks/RESULTS.md
echo "wrote Benchmarks/RESULTS.md" >&2
