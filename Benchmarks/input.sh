#!/usr/bin/env bash
# Reading speed of `modeltop report --sections input` on a 1,000,000-record scenario log, next
# to `wc -l` on the same file in the same run. Prints records/s, MB/s and peak RSS.
#
#   bash Benchmarks/input.sh [EVENTS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-1000000}
runs=${2:-5}
out=Benchmarks/out/input-$events

swift build -c release >&2
bin=.build/release/modeltop
if [ ! -f "$out/predictions.jsonl" ]; then
    "$bin" generate --out "$out" --seed 11 --events "$events" >&2
fi
log=$out/predictions.jsonl
bytes=$(stat -c %s "$log")
lines=$(wc -l < "$log")

# Median wall seconds of a command over $runs runs (output discarded).
median() {
    local times=()
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s.%N)
        "$@" >/dev/null
        end=$(date +%s.%N)
        times+=("$(echo "$end - $start" | bc -l)")
    done
    printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

cat "$log" >/dev/null   # warm the page cache for both
wc_s=$(median wc -l "$log")
mt_s=$(median "$bin" report --sections input --format json "$log")
rss_kb=$( { /usr/bin/time -f '%M' "$bin" report --sections input --format json "$log" >/dev/null; } 2>&1 | tail -1)
records=$("$bin" report --sections input --format json "$log" | python3 -c 'import json,sys; print(json.load(sys.stdin)["input"]["records"])')

echo "file: $log  ($lines lines, $(echo "$bytes / 1000000" | bc -l | xargs printf '%.1f') MB)"
printf '%-44s %8.3f s  %12.0f lines/s  %8.1f MB/s\n' "wc -l" "$wc_s" \
    "$(echo "$lines / $wc_s" | bc -l)" "$(echo "$bytes / $wc_s / 1000000" | bc -l)"
printf '%-44s %8.3f s  %12.0f records/s %8.1f MB/s\n' "modeltop report --sections input" "$mt_s" \
    "$(echo "$records / $mt_s" | bc -l)" "$(echo "$bytes / $mt_s / 1000000" | bc -l)"
echo "modeltop peak RSS: $((rss_kb / 1024)) MiB; records decoded: $records; median of $runs runs"
