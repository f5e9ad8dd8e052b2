#!/usr/bin/python3
"""Compares two join-benchmark result CSVs (bench/join.sh): same rows in the same order, the first
column (region) equal as text, every other value equal to a relative error of --tolerance (default
1e-9; |a-b| <= tol * max(|a|,|b|)). The first line (header) of each file is skipped.
    bench/join_compare.py REFERENCE.csv CANDIDATE.csv [--tolerance 1e-9]
Prints "OK (<rows> rows, max rel err <e>)" or "MISMATCH: <first difference>"; exit status 0 / 1.
"""
import argparse
import csv
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("reference")
    parser.add_argument("candidate")
    parser.add_argument("--tolerance", type=float, default=1e-9)
    args = parser.parse_args()
    with open(args.reference, newline="") as handle:
        reference = [row for row in csv.reader(handle) if row][1:]
    with open(args.candidate, newline="") as handle:
        candidate = [row for row in csv.reader(handle) if row][1:]
    if len(reference) != len(candidate):
        print(f"MISMATCH: {len(candidate)} rows, expected {len(reference)}")
        return 1
    worst = 0.0
    for index, (expected, actual) in enumerate(zip(reference, candidate)):
        if len(expected) != len(actual) or expected[0] != actual[0]:
            print(f"MISMATCH: row {index + 1} is {actual}, expected {expected}")
            return 1
        for want, got in zip(expected[1:], actual[1:]):
            a, b = float(want), float(got)
            error = abs(a - b) / max(abs(a), abs(b), 1e-300) if a != b else 0.0
            worst = max(worst, error)
            if error > args.tolerance:
                print(f"MISMATCH: row {index + 1} is {actual}, expected {expected}")
                return 1
    print(f"OK ({len(reference)} rows, max rel err {worst:.1e})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
