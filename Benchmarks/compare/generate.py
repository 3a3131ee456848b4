"""Writes the comparison datasets: a reference and a current log drawn from the sample-data
scenario's distributions (Sources/SampleScenario/Story/CardFraudModel.swift), as CSV files with
a header, and a modeltop.yaml beside them.

    python generate.py OUT_DIR [--reference-rows N] [--current-rows N] [--blocks K] [--seed S]

One block is the scenario's ten columns: six numeric (amount, hour, account_age_days,
tx_last_24h, challenger_score, upstream_latency_ms) and four categorical (merchant_category,
country, device, new_merchant). `--blocks 10` writes the wide variant: 100 features, block k's
columns suffixed `_k`. Block 0 tells the scenario's story over the current log (amounts x3 in
BR from a third of the log on, a latency spike in the second sixth, account age missing on
android from two thirds on); block k >= 1 is drawn independently with a drift that grows with
k (so the wide variant has features from no drift to clear drift), which the tools should rank
alike. The reference is the calm world. Every table is seeded: the same arguments write the
same bytes.
"""

import argparse
import os

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

COUNTRIES = ["US", "GB", "DE", "BR", "FR", "IN", "MX", "NG"]
COUNTRY_W = np.array([0.31, 0.13, 0.11, 0.15, 0.10, 0.09, 0.07, 0.04])
COUNTRY_LOGODDS = np.array([0.0, -0.15, -0.35, 0.35, -0.1, 0.2, 0.3, 0.7])
DEVICES = ["android", "ios", "web", "pos"]
DEVICE_W = np.array([0.38, 0.33, 0.25, 0.04])
DEVICE_LOGODDS = np.array([0.1, -0.1, 0.35, -0.9])
CATEGORIES = ["grocery", "restaurants", "retail", "fuel", "electronics", "travel",
              "digital_goods", "gift_cards", "services"]
CATEGORY_W = np.array([0.22, 0.16, 0.18, 0.10, 0.10, 0.07, 0.09, 0.03, 0.05])
COMPROMISED_CATEGORY_W = np.array([0.05, 0.04, 0.12, 0.03, 0.30, 0.08, 0.20, 0.15, 0.03])
CATEGORY_MEDIAN = np.array([38.0, 27.0, 62.0, 45.0, 190.0, 260.0, 16.0, 100.0, 75.0])
CATEGORY_LOGODDS = np.array([-0.6, -0.5, 0.0, -0.4, 0.6, 0.3, 0.6, 1.2, 0.0])
AMOUNT_SIGMA = 0.85
HOUR_W = np.array([0.8, 0.5, 0.35, 0.3, 0.3, 0.45, 0.9, 1.8, 2.8, 3.6, 4.2, 4.6,
                   5.2, 5.0, 4.6, 4.5, 4.7, 5.2, 5.6, 5.5, 4.8, 3.8, 2.6, 1.5])
COMPROMISED_HOUR_W = np.where(np.arange(24) < 6, HOUR_W * 4, HOUR_W)
COMPROMISED_SHARE = 0.05
INTERCEPT = -3.9

NUMERIC = ["amount", "hour", "account_age_days", "tx_last_24h", "challenger_score",
           "upstream_latency_ms"]
CATEGORICAL = ["merchant_category", "country", "device", "new_merchant"]


def choice(rng, n, weights):
    """Indices drawn with the given (unnormalised) weights, by inverse CDF like the scenario."""
    cdf = np.cumsum(weights) / np.sum(weights)
    return np.minimum(np.searchsorted(cdf, rng.random(n), side="right"), len(weights) - 1)


def lognormal(rng, median, sigma, n):
    return np.exp(np.log(median) + sigma * rng.standard_normal(n))


def log_odds(amount, category, new_merchant, country, device, hour, age, burst):
    z = np.full(amount.shape, INTERCEPT)
    z += 0.5 * np.log(np.maximum(amount, 0.01) / 50)
    z += CATEGORY_LOGODDS[category]
    z += np.where(new_merchant, 1.2, 0.0)
    z += np.where(hour < 6, 0.7, np.where(hour >= 22, 0.3, 0.0))
    z += COUNTRY_LOGODDS[country]
    z += DEVICE_LOGODDS[device]
    z -= 0.45 * np.log1p(age / 30)
    z += 0.5 * burst
    return z


def draw_block(rng, n, block, suffixed, current):
    """One block of the ten scenario columns for n rows, plus the champion's score.

    `current` applies the block's drift: the story for block 0, a graded drift for the others.
    """
    position = np.arange(n) / n  # fraction of the log, standing for event time
    comp = rng.random(n) < COMPROMISED_SHARE
    country_w = COUNTRY_W
    if current and block > 0:
        # A growing share of traffic from a uniform country mix.
        country_w = (1 - 0.03 * block) * COUNTRY_W + 0.03 * block / len(COUNTRY_W)
    country = choice(rng, n, country_w)
    device = choice(rng, n, DEVICE_W)
    category = np.where(comp, choice(rng, n, COMPROMISED_CATEGORY_W), choice(rng, n, CATEGORY_W))
    hour = np.where(comp, choice(rng, n, COMPROMISED_HOUR_W), choice(rng, n, HOUR_W))
    new_merchant = rng.random(n) < np.where(comp, 0.55, 0.1)
    amount = lognormal(rng, CATEGORY_MEDIAN[category] * np.where(comp, 1.5, 1.0), AMOUNT_SIGMA, n)
    age_median = 540.0
    if current and block > 0:
        age_median *= 1 - 0.02 * block
    age = np.minimum(9000, np.floor(lognormal(rng, np.where(comp, age_median * 420 / 540, age_median), 1.1, n)))
    burst_mean = np.where(comp, 6.0, 1.2)
    if current and block > 0:
        burst_mean = burst_mean * (1 + 0.03 * block)
    burst = rng.poisson(burst_mean)

    latency_factor = np.ones(n)
    age_missing = np.zeros(n, dtype=bool)
    if current and block == 0:
        amount = np.where((position >= 1 / 3) & (country == COUNTRIES.index("BR")), amount * 3, amount)
        latency_factor = np.where((position >= 1 / 6) & (position < 5 / 24), 6.0, 1.0)
        age_missing = (position >= 2 / 3) & (device == DEVICES.index("android"))
    if current and block > 0:
        # Every amount a little larger in the second half of the log.
        amount = np.where(position >= 0.5, amount * (1 + 0.04 * block), amount)
    amount = np.maximum(0.01, np.round(amount * 100) / 100)

    z_true = log_odds(amount, category, new_merchant, country, device, hour, age, burst)
    # The serving system imputes a missing age with the reference median.
    z_served = np.where(age_missing,
                        log_odds(amount, category, new_merchant, country, device, hour, np.full(n, 540.0), burst),
                        z_true)
    score = np.round(1 / (1 + np.exp(-z_served)) * 10_000) / 10_000
    challenger = np.round(1 / (1 + np.exp(-(0.93 * z_served - 0.2 + 0.3 * rng.standard_normal(n)))) * 10_000) / 10_000
    latency = lognormal(rng, 14.0, 0.35, n) * latency_factor
    latency = np.where(rng.random(n) < 0.015, latency * 4, latency)
    latency = np.round(latency * 10) / 10

    suffix = f"_{block}" if suffixed else ""
    columns = {
        f"amount{suffix}": pa.array(amount),
        f"hour{suffix}": pa.array(hour.astype(np.int64)),
        f"account_age_days{suffix}": pa.array(age.astype(np.int64), mask=age_missing),
        f"tx_last_24h{suffix}": pa.array(burst.astype(np.int64)),
        f"challenger_score{suffix}": pa.array(challenger),
        f"upstream_latency_ms{suffix}": pa.array(latency),
        f"merchant_category{suffix}": pa.array(np.array(CATEGORIES, dtype=object)[category]),
        f"country{suffix}": pa.array(np.array(COUNTRIES, dtype=object)[country]),
        f"device{suffix}": pa.array(np.array(DEVICES, dtype=object)[device]),
        f"new_merchant{suffix}": pa.array(new_merchant),
    }
    return score, columns


def write_table(path, n, blocks, current, seed):
    rng = np.random.default_rng(seed)
    columns = {}
    score = None
    for block in range(blocks):
        block_score, block_columns = draw_block(rng, n, block, blocks > 1, current)
        if score is None:
            score = block_score
        columns.update(block_columns)
    table = pa.table({"score": pa.array(score), **columns})
    # The header is written by hand: pyarrow quotes it whatever the quoting style.
    with open(path, "wb") as f:
        f.write((",".join(table.schema.names) + "\n").encode())
        pacsv.write_csv(table, f, pacsv.WriteOptions(include_header=False, quoting_style="none", batch_size=65536))
    return table.schema.names[1:]


def feature_names(blocks):
    suffixes = [""] if blocks == 1 else [f"_{k}" for k in range(blocks)]
    numeric = [name + s for s in suffixes for name in NUMERIC]
    categorical = [name + s for s in suffixes for name in CATEGORICAL]
    return numeric, categorical


def write_config(out_dir, blocks):
    numeric, categorical = feature_names(blocks)
    text = f"""# The comparison dataset: every feature's drift of current.csv against reference.csv.
model: fraud-detector
reference: reference.csv
predictions: [current.csv]
features:
  numeric: [{", ".join(numeric)}]
  categorical: [{", ".join(categorical)}]
window: all
drift:
  numeric: ks
  categorical: chi2
  bins: 10
  fine_bins: 256
"""
    with open(os.path.join(out_dir, "modeltop.yaml"), "w") as f:
        f.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--reference-rows", type=int, default=100_000)
    parser.add_argument("--current-rows", type=int, default=1_000_000)
    parser.add_argument("--blocks", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    write_table(os.path.join(args.out, "reference.csv"), args.reference_rows, args.blocks, False, args.seed)
    write_table(os.path.join(args.out, "current.csv"), args.current_rows, args.blocks, True, args.seed + 1)
    write_config(args.out, args.blocks)


if __name__ == "__main__":
    main()
