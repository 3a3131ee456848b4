#!/usr/bin/env bash
# End-to-end speed and memory of `modeltop report --format json` (the whole engine: decoding,
# the four layers, both segment dimensions, the label join), on two kinds of log:
#   canonical: a production stream (Benchmarks/canonical.py): RECORDS lines over the same 24 h,
#              6 numeric and 4 categorical features, labels for 90% of ids within 5 minutes;
#   scenario:  the sample scenario (`modeltop generate`) with EVENTS requests squeezed into
#              4 hours and labels taking hours to days, so the join runs at its max_pending bound.
# Prints records/s (prediction plus label lines decoded and counted) per wall second (reading,
# decoding and preparing run on a thread of its own) and per CPU second, the CPU seconds per
# million records, peak RSS, and the label join's outcome.
# Targets: a 10M canonical peak RSS within 10% of the 1M one and under 150 MB.
# Then a week of history: the scenario's rate (420,000 requests stretched over seven days,
# Benchmarks/stretch.py) read with the time cursor's history kept (`report --at`, which keeps
# what `watch` keeps), its peak RSS against the same 150 MB.
#
#   bash Benchmarks/engine.sh [SIZES...]        (default: 1000000 10000000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000000 10000000}")
read -r -a sizes <<<"${sizes[*]}"

swift build -c release >&2
bin=$PWD/.build/release/modeltop

printf '%-10s %-9s %10s %7s %7s %9s %7s %11s %11s %9s  %s\n' size log records "wall s" "cpu s" "cpu s/1M" "MB/s" "rec/wall s" "rec/cpu s" "peak RSS" "label join"
run() {
    local kind=$1 size=$2 out=$3
    local bytes=$(( $(stat -c %s "$out/predictions.jsonl") + $(stat -c %s "$out/labels.jsonl") ))
    cat "$out/predictions.jsonl" "$out/labels.jsonl" >/dev/null   # warm the page cache
    # Each directory's configuration names the reference, both logs and segments [country, device].
    local start end seconds rss_kb cpu
    start=$(date +%s.%N)
    read -r rss_kb cpu < <( { (cd "$out" && /usr/bin/time -f '%M %U %S' "$bin" report --format json >"$PWD/report.json"); } 2>&1 \
        | tail -1 | awk '{print $1, $2 + $3}')
    end=$(date +%s.%N)
    seconds=$(echo "$end - $start" | bc -l)
    read -r records join < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
j = r["engine"]["label_join"]
print(r["input"]["records"], "matched %d, unmatched %d, let go unlabelled %d, horizon %s" % (
    j["matched_labels"], j["unmatched_labels"], j["evicted_predictions"], j["horizon"]))' "$out/report.json")
    printf '%-10s %-9s %10s %7.2f %7.2f %9.2f %7.1f %11.0f %11.0f %5d MiB  %s\n' "$size" "$kind" "$records" "$seconds" "$cpu" \
        "$(echo "$cpu * 1000000 / $records" | bc -l)" "$(echo "$bytes / $seconds / 1000000" | bc -l)" "$(echo "$records / $seconds" | bc -l)" \
        "$(echo "$records / $cpu" | bc -l)" "$((rss_kb / 1024))" "$join"
}
for size in "${sizes[@]}"; do
    out=Benchmarks/out/canonical-$size
    [ -f "$out/predictions.jsonl" ] || python3 Benchmarks/canonical.py "$out" "$size" >&2
    run canonical "$size" "$out"
done
for size in "${sizes[@]}"; do
    out=Benchmarks/out/engine-$size
    [ -f "$out/predictions.jsonl" ] || "$bin" generate --out "$out" --seed 11 --events "$size" >&2
    run scenario "$size" "$out"
done
# A week of history at the sample scenario's rate (10,000 requests in four hours).
out=Benchmarks/out/history-week
if [ ! -f "$out/stretched" ]; then
    "$bin" generate --out "$out" --seed 11 --events 420000 >&2
    python3 Benchmarks/stretch.py "$out" 42
    touch "$out/stretched"
fi
read -r rss_kb cpu wall < <( { (cd "$out" && /usr/bin/time -f '%M %U %S %e' "$bin" report --format json --window 1h \
    --at 2026-11-09T08:00:00Z >"$PWD/report.json"); } 2>&1 | tail -1 | awk '{print $1, $2 + $3, $4}')
printf '%-10s %-9s %s: peak RSS %d MiB (bound 150), %.1f s wall, %.1f CPU s, window %s\n' week history \
    "history kept to 2026-11-09" "$((rss_kb / 1024))" "$wall" "$cpu" \
    "$(python3 -c 'import json,sys; w=json.load(open(sys.argv[1]))["window"]; print(w["from"], "to", w["to"])' "$out/report.json")"
