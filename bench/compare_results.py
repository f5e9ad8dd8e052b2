#!/usr/bin/python3
"""Compares two seed-job result CSVs value by value (bench/seed.sh uses it: each engine against
DuckDB). Rows are matched in order; the first column (category) must be equal; every other value
must agree to a relative error of --tolerance (default 1e-9; |a-b| <= tol * max(|a|,|b|), or both
empty/NULL). A header line is skipped when its first field is not a number.
    bench/compare_results.py REFERENCE.csv CANDIDATE.csv [--tolerance 1e-9]
Prints "OK (<rows> rows, max rel err <e>)" or "MISMATCH: <first difference>"; exit status 0 / 1.
"""
import argparse
import csv
import sys


def read_rows(path):
    with open(path, newline="") as handle:
        rows = [row for row in csv.reader(handle) if row]
    if rows:
        try:
            float(rows[0][0])
        except ValueError:
            rows = rows[1:]
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("reference")
    parser.add_argument("candidate")
    parser.add_argument("--tolerance", type=float, default=1e-9)
    args = parser.parse_args()
    reference = read_rows(args.reference)
    candidate = read_rows(args.candidate)
    if len(reference) != len(candidate):
        print(f"MISMATCH: {len(candidate)} rows, expected {len(reference)}")
        return 1
    worst = 0.0
    for index, (expected, actual) in enumerate(zip(reference, candidate)):
        if len(expected) != len(actual):
            print(f"MISMATCH: row {index + 1} has {len(actual)} columns, expected {len(expected)}")
            return 1
        if float(expected[0]) != float(actual[0]):
            print(f"MISMATCH: row {index + 1} category {actual[0]}, expected {expected[0]}")
            return 1
        for column, (want, got) in enumerate(zip(expected[1:], actual[1:]), start=2):
            null_want = want.strip() in ("", "NULL")
            null_got = got.strip() in ("", "NULL")
            if null_want or null_got:
                if null_want != null_got:
                    print(f"MISMATCH: row {index + 1} column {column}: {got!r}, expected {want!r}")
                    return 1
                continue
            a, b = float(want), float(got)
            scale = max(abs(a), abs(b))
            error = abs(a - b) / scale if scale > 0 else 0.0
            worst = max(worst, error)
            if error > args.tolerance:
                print(f"MISMATCH: row {index + 1} column {column}: {got}, expected {want} (rel err {error:.3g})")
                return 1
    print(f"OK ({len(reference)} rows, max rel err {worst:.2g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
