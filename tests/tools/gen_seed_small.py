#!/usr/bin/env python3
"""Writes tests/data/seed_small.csv: a small, deterministic instance of the seed dataset.

Same shape as `tarn gen seed` (header id,value1,value2,value3,category; value1..3 standard-normal
doubles in shortest round-trip form; integer category), but only a few hundred rows and 12
categories so that every group has several rows. Run once; the output is committed:
    python3 tests/tools/gen_seed_small.py [--rows 400] [--out tests/data/seed_small.csv]
"""
import argparse
import random


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=400)
    parser.add_argument("--categories", type=int, default=12)
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--out", default="tests/data/seed_small.csv")
    args = parser.parse_args()
    generator = random.Random(args.seed)
    with open(args.out, "w", newline="") as out:
        out.write("id,value1,value2,value3,category\n")
        for row in range(args.rows):
            values = [repr(generator.gauss(0.0, 1.0)) for _ in range(3)]
            category = generator.randrange(args.categories)
            out.write(f"{row},{values[0]},{values[1]},{values[2]},{category}\n")


if __name__ == "__main__":
    main()
