#!/usr/bin/env bash
# The cost of the Prometheus exposition: a scrape at 10 features × 50 segments (ms, bytes,
# series) and the engine's catch-up of the canonical 1M log with a scrape every second against
# none (target: at most 2% slower). Release build; Benchmarks/metrics.py does the measuring.
#
#   bash Benchmarks/metrics.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product modeltop >&2
out=Benchmarks/out/canonical-1000000
[ -f "$out/predictions.jsonl" ] || python3 Benchmarks/canonical.py "$out" 1000000 >&2
python3 Benchmarks/metrics.py "$PWD/.build/release/modeltop" "$PWD/$out"
