#!/usr/bin/env bash
# End-to-end speed and memory of `modeltop report --format json` (the whole engine: decoding,
# the four layers, both segment dimensions, the label join) on scenario logs of 1,000,000 and
# 10,000,000 requests. Prints records/s (prediction plus label lines decoded and counted) per
# wall second (reading runs on a thread of its own beside the counting) and per CPU second (the
# one-core figure), and peak RSS; the targets are >= 300,000 records/s on one core and a 10M
# peak RSS within 10% of the 1M one, under 150 MB.
#
#   bash Benchmarks/engine.sh [SIZES...]        (default: 1000000 10000000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000000 10000000}")
read -r -a sizes <<<"${sizes[*]}"

swift build -c release >&2
bin=$PWD/.build/release/modeltop

printf '%-10s %10s %9s %9s %8s %12s %12s %10s\n' events records "wall s" "cpu s" "MB/s" "rec/wall s" "rec/cpu s" "peak RSS"
for events in "${sizes[@]}"; do
    out=Benchmarks/out/engine-$events
    if [ ! -f "$out/predictions.jsonl" ]; then
        "$bin" generate --out "$out" --seed 11 --events "$events" >&2
    fi
    bytes=$(( $(stat -c %s "$out/predictions.jsonl") + $(stat -c %s "$out/labels.jsonl") ))
    cat "$out/predictions.jsonl" "$out/labels.jsonl" >/dev/null   # warm the page cache
    # The scenario's configuration names the reference, both logs and segments [country, device].
    start=$(date +%s.%N)
    read -r rss_kb cpu < <( { (cd "$out" && /usr/bin/time -f '%M %U %S' "$bin" report --format json >"$PWD/report.json"); } 2>&1 \
        | tail -1 | awk '{print $1, $2 + $3}')
    end=$(date +%s.%N)
    seconds=$(echo "$end - $start" | bc -l)
    records=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["input"]["records"])' "$out/report.json")
    dims=$(python3 -c 'import json,sys; print(",".join(sorted({s["dimension"] for s in json.load(open(sys.argv[1]))["segments"]})))' "$out/report.json")
    printf '%-10s %10s %9.1f %9.1f %8.1f %12.0f %12.0f %6d MiB  segments: %s\n' "$events" "$records" "$seconds" "$cpu" \
        "$(echo "$bytes / $seconds / 1000000" | bc -l)" "$(echo "$records / $seconds" | bc -l)" \
        "$(echo "$records / $cpu" | bc -l)" "$((rss_kb / 1024))" "$dims"
done
