#!/usr/bin/python3
"""Runs one command under strace and reports the bytes it read, by file, for bench/lake.sh.

    bench/read_bytes.py [--path LABEL=DIR_OR_FILE]... -- COMMAND [ARGS...]

Every read, pread64, readv and preadv of the command and its threads is traced with the file
behind its descriptor (strace -f -y); the bytes returned are summed per --path (the first whose
prefix matches the file) and the rest under "other" (shared libraries, /proc, ...). Files mapped
with mmap do not count. Prints on stderr, after the command's own stderr:
    READ_BYTES <label> <bytes>      (one line per --path, then "other" and "total")
The command's stdout passes through. Exit status: the command's.
"""
import os
import re
import subprocess
import sys
import tempfile

CALL = re.compile(r'^\d+\s+(?:read|pread64|readv|preadv2?)\((\d+)<([^>]*)>.*\)\s+=\s+(\d+)$')


def main():
    args = sys.argv[1:]
    paths = []
    while args and args[0] == "--path":
        label, _, prefix = args[1].partition("=")
        paths.append((label, os.path.abspath(prefix)))
        args = args[2:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        raise SystemExit("usage: read_bytes.py [--path LABEL=DIR]... -- COMMAND [ARGS...]")
    with tempfile.NamedTemporaryFile(prefix="read_bytes-", suffix=".trace") as trace:
        status = subprocess.run(["strace", "-f", "-qq", "-y", "-s", "0", "-o", trace.name,
                                 "-e", "trace=read,pread64,readv,preadv,preadv2", "--", *args]).returncode
        totals = {label: 0 for label, _ in paths}
        totals["other"] = 0
        with open(trace.name, errors="replace") as lines:
            for line in lines:
                match = CALL.match(line.rstrip("\n"))
                if not match:
                    continue
                path, count = match.group(2), int(match.group(3))
                label = next((label for label, prefix in paths if path.startswith(prefix)), "other")
                totals[label] += count
    for label, count in totals.items():
        print(f"READ_BYTES {label} {count}", file=sys.stderr)
    print(f"READ_BYTES total {sum(totals.values())}", file=sys.stderr)
    sys.exit(status)


if __name__ == "__main__":
    main()
