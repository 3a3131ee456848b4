#!/usr/bin/env python3
"""Stretches the event times of a generated scenario (`modeltop generate`) by FACTOR around its
start, in place: a four-hour scenario of N requests becomes FACTOR × four hours at the same
stories, N / (FACTOR × 4 h) requests a second. Only `"ts":"..."` fields change; a line whose
time cannot be read is kept as it is (the scenario's malformed lines stay malformed).

    python3 Benchmarks/stretch.py DIR FACTOR
"""
import re
import sys
from datetime import datetime, timedelta, timezone

START = datetime(2026, 11, 2, 8, 0, tzinfo=timezone.utc)
TS = re.compile(rb'"ts":"([0-9T:.\-]+)Z"')


def stretch(path, factor):
    def replace(match):
        try:
            when = datetime.fromisoformat(match.group(1).decode() + "+00:00")
        except ValueError:
            return match.group(0)
        shifted = START + (when - START) * factor
        return b'"ts":"' + shifted.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3].encode() + b'Z"'
    with open(path, "rb") as source:
        data = source.read()
    with open(path, "wb") as target:
        target.write(TS.sub(replace, data))


if __name__ == "__main__":
    directory, factor = sys.argv[1], float(sys.argv[2])
    for name in ("predictions.jsonl", "labels.jsonl"):
        stretch(f"{directory}/{name}", factor)
