#!/usr/bin/env bash
# Throughput of `modeltop report --format json` (release) per task: the canonical log of
# Benchmarks/canonical.py (RECORDS lines, about 526,000 predictions and 474,000 labels over 24 h,
# 6 numeric and 4 categorical features, segments country and device, labels within 5 minutes)
# written for a binary, a three-class multiclass and a regression model on the same features,
# times, ids and label delays. Measured end to end as Benchmarks/engine.sh does (wall clock, CPU
# seconds and peak RSS from /usr/bin/time -v; records are prediction plus label lines), RUNS
# times each, interleaved; prints records/s and each task's ratio to binary, and writes the
# section "Throughput by task" of Benchmarks/RESULTS.md.
#
#   bash Benchmarks/tasks/throughput.sh [RECORDS]      (default 1000000; RUNS, default 3)
#
# A task more than 25% slower than binary is the issue's bar: profile it with
#   perf record -g -o perf.data .build/release/modeltop report --format json --config DIR/modeltop.yaml
#   perf report -i perf.data --no-children | head -60
set -euo pipefail
cd "$(dirname "$0")/../.."
size=${1:-1000000}
runs=${RUNS:-3}
out=Benchmarks/out/tasks/throughput
mkdir -p "$out"

swift build -c release --product modeltop >&2
bin=$(swift build -c release --show-bin-path)/modeltop

dir_of() {
    case $1 in
        binary) echo "Benchmarks/out/canonical-$size" ;;   # shared with engine.sh
        *) echo "Benchmarks/out/canonical-$1-$size" ;;
    esac
}
for task in binary multiclass regression; do
    dir=$(dir_of "$task")
    [ -f "$dir/predictions.jsonl" ] || python3 Benchmarks/canonical.py "$dir" "$size" --task "$task" >&2
done

rm -f "$out/"*.time "$out/"*.wall "$out/"*.json
for run in $(seq "$runs"); do
    for task in binary multiclass regression; do
        dir=$(dir_of "$task")
        cat "$dir/predictions.jsonl" "$dir/labels.jsonl" > /dev/null   # warm the page cache
        start=$(date +%s.%N)
        /usr/bin/time -v -o "$out/$task-$run.time" "$bin" report --format json --config "$dir/modeltop.yaml" \
            > "$out/$task-$run.json"
        end=$(date +%s.%N)
        echo "$end - $start" | bc -l > "$out/$task-$run.wall"
        printf '%-10s run %d: %.2f s\n' "$task" "$run" "$(cat "$out/$task-$run.wall")" >&2
    done
done

python3 - "$out" "$size" "$runs" "$(dirname "$0")" <<'PY'
import json, os, re, statistics, subprocess, sys
out, size, runs, here = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
sys.path.insert(0, here)
import results_block

rows = {}
for task in ("binary", "multiclass", "regression"):
    walls, cpus, rss = [], [], []
    for run in range(1, runs + 1):
        stem = f"{out}/{task}-{run}"
        text = open(stem + ".time").read()
        field = lambda name: re.search(r"^\s*" + re.escape(name) + r": (.*)$", text, re.M).group(1)
        walls.append(float(open(stem + ".wall").read()))
        cpus.append(float(field("User time (seconds)")) + float(field("System time (seconds)")))
        rss.append(int(field("Maximum resident set size (kbytes)")) / 1024)
    report = json.load(open(f"{out}/{task}-1.json"))
    join = report["engine"]["label_join"]
    rows[task] = dict(records=report["input"]["records"], wall=statistics.median(walls), wall_min=min(walls),
                      wall_max=max(walls), cpu=statistics.median(cpus), rss=statistics.median(rss),
                      matched=join["matched_labels"], problems=report["engine"].get("task_problems"))
base = rows["binary"]
lines = ["| task | records | wall s (median, min–max) | CPU s | records / wall s | records / CPU s | "
         "wall ÷ binary's | CPU ÷ binary's | peak RSS | labels joined |",
         "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
verdicts = []
for task, r in rows.items():
    rate, cpu_rate = r["records"] / r["wall"], r["records"] / r["cpu"]
    wall_ratio, cpu_ratio = r["wall"] / base["wall"], r["cpu"] / base["cpu"]
    lines.append(f"| {task} | {r['records']:,} | {r['wall']:.2f} ({r['wall_min']:.2f}–{r['wall_max']:.2f}) | "
                 f"{r['cpu']:.2f} | {rate:,.0f} | {cpu_rate:,.0f} | {wall_ratio:.2f}× | {cpu_ratio:.2f}× | "
                 f"{r['rss']:.0f} MiB | {r['matched']:,} |")
    if task != "binary":
        slower = max(wall_ratio, cpu_ratio) - 1
        verdicts.append(f"- {task}: {slower:+.0%} against binary at worst (wall or CPU): "
                        + ("within the bar of 25%." if slower <= 0.25 else "**more than 25% slower**."))
machine = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
cpu_name = re.search(r"Model name:\s*(.*)", machine).group(1).strip()
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
doc = ["## Throughput by task", "",
       f"`modeltop report --format json` end to end (release build, commit {commit}) on the canonical log of "
       f"`Benchmarks/canonical.py` ({size:,} lines: predictions and labels over 24 h, 6 numeric and 4 categorical "
       "features, segments country and device, labels for 90% of ids within 5 minutes) written for each task on "
       "the same features, times, ids and label delays: binary (`score`, 0/1 `prediction`), multiclass (three "
       "classes: a `scores` object and the class `prediction`, the reference's 50,000 rows calibrated per class), "
       "regression (numeric `prediction`; the reference's 50,000 rows fit DLE's two tree models, and every record "
       "gets their two predictions). Records are prediction plus label lines; wall time from `date`, CPU time and "
       f"peak RSS from `/usr/bin/time -v`; median of {runs} runs, interleaved. {os.cpu_count()} cores of "
       f"{cpu_name}, shared with other work. Written by `bash Benchmarks/tasks/throughput.sh`.", ""]
doc += lines + [""] + verdicts + [""]
# The profile of the slow tasks, written by hand from `perf` (see the header of this script).
doc += [open(os.path.join(here, "THROUGHPUT.md")).read().strip(), ""]
text = "\n".join(doc)
print(text)
results_block.put("Benchmarks/RESULTS.md", "tasks-throughput", text)
PY
