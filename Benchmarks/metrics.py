#!/usr/bin/env python3
"""The cost of the Prometheus exposition (docs/fleet.md), on a release build:

1. a scrape of `watch --headless --metrics-listen` that has read the canonical 1M log with
   10 features over 50 segments (`segments: [age]`, 49 ages and `(other)`): milliseconds and
   bytes per scrape, and series, medians of 20 scrapes;
2. the engine's catch-up on that log with a scrape every second against none: wall seconds
   until the process goes idle, and its CPU seconds.

    python3 Benchmarks/metrics.py BINARY LOG_DIR
"""
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

binary, log_dir = sys.argv[1], sys.argv[2]
ticks = os.sysconf("SC_CLK_TCK")


def config(directory):
    path = os.path.join(directory, "modeltop.yaml")
    with open(path, "w") as out:
        out.write("model: canonical\nreference: %s\nsegments: [age]\nsegment_values: 49\n"
                  % os.path.join(log_dir, "reference.csv"))
    return path


def start(directory):
    errors = open(os.path.join(directory, "agent.err"), "w+")
    process = subprocess.Popen(
        [binary, "watch", "--headless", "--config", config(directory), "--state", os.path.join(directory, "a.sqlite"),
         "--labels", os.path.join(log_dir, "labels.jsonl"), "--metrics-listen", "127.0.0.1:0",
         os.path.join(log_dir, "predictions.jsonl")],
        stdout=subprocess.DEVNULL, stderr=errors)
    for _ in range(600):
        errors.seek(0)
        text = errors.read()
        if "metrics at http://" in text:
            return process, text.split("metrics at http://")[1].split("/")[0]
        time.sleep(0.05)
    raise SystemExit("the agent did not start: " + text)


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / ticks


def catch_up(scrape_every):
    """Wall and CPU seconds until the agent is idle (under 2% of a core for a second)."""
    with tempfile.TemporaryDirectory() as directory:
        began = time.time()
        process, address = start(directory)
        stop = threading.Event()

        def scrape():
            while not stop.wait(scrape_every):
                urllib.request.urlopen("http://%s/metrics" % address).read()
        if scrape_every:
            threading.Thread(target=scrape, daemon=True).start()
        samples = [(time.time(), cpu_seconds(process.pid))]
        busy_until = samples[0]
        while True:
            time.sleep(0.1)
            now = (time.time(), cpu_seconds(process.pid))
            samples.append(now)
            second_ago = next(s for s in reversed(samples) if now[0] - s[0] >= 1.0) if now[0] - samples[0][0] >= 1 else None
            if second_ago and now[1] - second_ago[1] < 0.02 * (now[0] - second_ago[0]) and now[0] - began > 3:
                break
            if second_ago is None or now[1] - second_ago[1] >= 0.02 * (now[0] - second_ago[0]):
                busy_until = now
        stop.set()
        process.terminate()
        process.wait()
        return busy_until[0] - began, busy_until[1]


def scrape_cost():
    with tempfile.TemporaryDirectory() as directory:
        process, address = start(directory)
        try:
            # Read to the end first (the counts stop changing).
            last = None
            while True:
                time.sleep(2)
                text = urllib.request.urlopen("http://%s/metrics" % address).read()
                records = [l for l in text.split(b"\n") if l.startswith(b"modeltop_records_total")]
                if records == last:
                    break
                last = records
            times, sizes = [], []
            for _ in range(20):
                began = time.perf_counter()
                body = urllib.request.urlopen("http://%s/metrics" % address).read()
                times.append((time.perf_counter() - began) * 1000)
                sizes.append(len(body))
                time.sleep(0.3)
            series = sum(1 for l in body.split(b"\n") if l and not l.startswith(b"#"))
            segments = len({l.split(b'segment="')[1].split(b'"')[0] for l in body.split(b"\n") if b'segment="' in l})
            return statistics.median(times), max(times), statistics.median(sizes), series, segments
        finally:
            process.terminate()
            process.wait()


median_ms, max_ms, size, series, segments = scrape_cost()
print("scrape at 10 features x %d segments: %.1f ms median (max %.1f), %d bytes, %d series"
      % (segments, median_ms, max_ms, size, series))
runs = {0: [], 1: []}
for _ in range(3):
    for every in (0, 1):
        runs[every].append(catch_up(every))
for every, label in ((0, "no scrape"), (1, "a scrape every second")):
    wall = statistics.median(r[0] for r in runs[every])
    cpu = statistics.median(r[1] for r in runs[every])
    print("catch-up of the 1M log, %-22s %.2f s wall, %.2f CPU s (medians of 3)" % (label + ":", wall, cpu))
none = statistics.median(r[0] for r in runs[0])
scraped = statistics.median(r[0] for r in runs[1])
print("slower with a scrape every second: %+.1f%% wall, %+.1f%% CPU" % (
    100 * (scraped / none - 1),
    100 * (statistics.median(r[1] for r in runs[1]) / statistics.median(r[1] for r in runs[0]) - 1)))
