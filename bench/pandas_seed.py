#!/usr/bin/python3
"""The seed job in pandas (a peer of bench/seed.sh): read_csv, then groupby().agg() with mean,
sample std (ddof=1, as SQL stddev), min and max of value1..3, plus the combined column
avg(value1) * stddev(value2) + max(value3) - min(value1), ordered by category. Single-threaded,
as pandas is.
    bench/pandas_seed.py --csv FILE --out RESULT.csv
Writes the rows as CSV (repr() doubles: shortest round-trip) and prints "QUERY_SECONDS <s>"
(read + aggregate, without interpreter and import start-up) on stderr.
"""
import argparse
import sys
import time

import pandas as pd


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--csv", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    start = time.perf_counter()
    frame = pd.read_csv(args.csv, dtype={"id": "int64", "value1": "float64", "value2": "float64",
                                         "value3": "float64", "category": "int64"})
    grouped = frame.groupby("category", sort=True).agg(
        {column: ["mean", "std", "min", "max"] for column in ("value1", "value2", "value3")})
    grouped["combined"] = (grouped[("value1", "mean")] * grouped[("value2", "std")] +
                           grouped[("value3", "max")] - grouped[("value1", "min")])
    seconds = time.perf_counter() - start
    with open(args.out, "w") as out:
        out.write(",".join(["category"] + [f"c{i}" for i in range(1, 14)]) + "\n")
        for category, row in zip(grouped.index, grouped.itertuples(index=False)):
            out.write(",".join([str(category)] + ["" if value != value else repr(float(value)) for value in row]) + "\n")
    print(f"QUERY_SECONDS {seconds:.4f}", file=sys.stderr)


if __name__ == "__main__":
    main()
