#!/usr/bin/env python3
"""Logs written by someone who wants modeltop to work hard (docs/security.md "Bounded work per
record"). Each kind is a prediction log in the canonical JSON Lines format:

  names   RECORDS lines over one hour, each with the 4 usual features plus 20 names drawn from a
          pool of DISTINCT names nobody configured (10,000 by default)
  wide    2,000 ordinary lines, one line of KEYS keys (60,000 by default, about 650 KB), then
          10,000 ordinary lines: the wide line falls inside the reference (the first 10,000
          records), so every key would become a monitored feature

    python3 Benchmarks/hostile.py names OUT.jsonl [RECORDS] [DISTINCT]
    python3 Benchmarks/hostile.py wide OUT.jsonl [KEYS]
"""
import json
import random
import sys


def line(i, features):
    seconds = i * 3600 // 20000
    return json.dumps({
        "ts": "2026-11-02T%02d:%02d:%02d.000Z" % (8 + seconds // 3600, seconds // 60 % 60, seconds % 60),
        "id": "tx-%07d" % i, "model": "hostile", "version": "v1",
        "features": features, "score": round(random.random(), 4), "prediction": 0,
        "latency_ms": 10.0, "status": "ok",
    }, separators=(",", ":"))


def usual(rng):
    return {"amount": round(rng.lognormvariate(3, 1), 2), "hour": rng.randrange(24),
            "country": rng.choice(["US", "BR", "IN", "DE"]), "device": rng.choice(["ios", "web", "pos"])}


def main():
    kind, out = sys.argv[1], sys.argv[2]
    rng = random.Random(7)
    with open(out, "w") as f:
        if kind == "names":
            records = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
            distinct = int(sys.argv[4]) if len(sys.argv) > 4 else 10000
            for i in range(records):
                features = usual(rng)
                for k in range(20):
                    features["x_%05d" % ((i * 20 + k) % distinct)] = round(rng.random(), 3)
                f.write(line(i, features) + "\n")
        elif kind == "wide":
            keys = int(sys.argv[3]) if len(sys.argv) > 3 else 60000
            for i in range(2000):
                f.write(line(i, usual(rng)) + "\n")
            features = usual(rng)
            for k in range(keys):
                features["k%05d" % k] = 1
            f.write(line(2000, features) + "\n")
            for i in range(2001, 12001):
                f.write(line(i, usual(rng)) + "\n")
        else:
            sys.exit("kind: names or wide")


main()
