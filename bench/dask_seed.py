#!/usr/bin/python3
"""The seed job in Dask (a peer of bench/seed.sh): dask.dataframe.read_csv with a blocksize, then
groupby().agg() with mean, sample std, min and max of value1..3 plus the combined column, on a
LocalCluster of one single-threaded worker process per core (n_workers=cores,
threads_per_worker=1), the usual way to run pandas code in parallel without the GIL.
    bench/dask_seed.py --csv FILE --out RESULT.csv [--workers N] [--blocksize 64MB]
Writes the rows as CSV and prints "QUERY_SECONDS <s>" (the computation, without interpreter
start-up and cluster start-up, which is printed as "CLUSTER_SECONDS <s>") on stderr.
"""
import argparse
import os
import sys
import time

import dask.dataframe as dd
from dask.distributed import Client, LocalCluster


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--csv", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--blocksize", default="64MB")
    args = parser.parse_args()
    cluster_start = time.perf_counter()
    cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    client = Client(cluster)
    print(f"CLUSTER_SECONDS {time.perf_counter() - cluster_start:.4f}", file=sys.stderr)
    start = time.perf_counter()
    frame = dd.read_csv(args.csv, blocksize=args.blocksize,
                        dtype={"id": "int64", "value1": "float64", "value2": "float64",
                               "value3": "float64", "category": "int64"})
    grouped = frame.groupby("category").agg(
        {column: ["mean", "std", "min", "max"] for column in ("value1", "value2", "value3")})
    result = grouped.compute().sort_index()
    result["combined"] = (result[("value1", "mean")] * result[("value2", "std")] +
                          result[("value3", "max")] - result[("value1", "min")])
    seconds = time.perf_counter() - start
    with open(args.out, "w") as out:
        out.write(",".join(["category"] + [f"c{i}" for i in range(1, 14)]) + "\n")
        for category, row in zip(result.index, result.itertuples(index=False)):
            out.write(",".join([str(category)] + ["" if value != value else repr(float(value)) for value in row]) + "\n")
    print(f"QUERY_SECONDS {seconds:.4f}", file=sys.stderr)
    client.close()
    cluster.close()


if __name__ == "__main__":
    main()
