#!/usr/bin/env bash
# What a hostile log costs `modeltop report --format json` (docs/security.md "Bounded work per
# record"): wall and CPU seconds and peak RSS on the logs of Benchmarks/hostile.py:
#   names: 20,000 records, each with 20 names from a pool of 10,000 nobody configured
#   wide:  one line of 60,000 keys (about 650 KB) inside the reference
#
#   bash Benchmarks/hostile.sh              (the release build of this tree)
#   MODELTOP=/path/to/modeltop bash Benchmarks/hostile.sh   (another build, e.g. an older one)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${MODELTOP:-}" ]]; then
    swift build -c release --product modeltop >&2
    MODELTOP=$PWD/.build/release/modeltop
fi
out=Benchmarks/out/hostile
mkdir -p "$out"
[[ -f $out/names.jsonl ]] || python3 Benchmarks/hostile.py names "$out/names.jsonl"
[[ -f $out/wide.jsonl ]] || python3 Benchmarks/hostile.py wide "$out/wide.jsonl"
printf '%-6s %8s %8s %10s %9s\n' log "wall s" "cpu s" "peak RSS" features
for kind in names wide; do
    read -r wall cpu rss < <( { /usr/bin/time -f '%e %U %S %M' "$MODELTOP" report --format json "$out/$kind.jsonl" \
        >"$out/$kind.report.json"; } 2>&1 | tail -1 | awk '{print $1, $2 + $3, $4}')
    features=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["features"]))' "$out/$kind.report.json")
    printf '%-6s %8.2f %8.2f %6d MiB %9s\n' "$kind" "$wall" "$cpu" $((rss / 1024)) "$features"
done
