#!/usr/bin/python3
"""Runs one command and reports its wall-clock time and peak memory, for bench/seed.sh.

    bench/measure.py [--interval 0.02] -- COMMAND [ARGS...]

Prints one line to stderr at the end (the command's own output passes through untouched):
    MEASURE wall_seconds=<s> peak_rss_bytes=<b> child_maxrss_bytes=<b> tree_peak_bytes=<b> status=<n>

- child_maxrss_bytes: getrusage(RUSAGE_CHILDREN).ru_maxrss after the command exits — the largest
  resident set of any single waited-for process in the tree; the figure GNU `/usr/bin/time -v`
  prints as "Maximum resident set size". Exact for one-process engines (tarn, DuckDB, pandas).
- tree_peak_bytes: the largest *sum* of resident set sizes over the whole process tree (the command
  and every descendant, found through /proc/<pid>/task/<tid>/children), sampled every --interval
  seconds. This is what counts for Dask, whose scheduler and worker processes run side by side and
  are not always waited for by the command itself. Shared pages (libraries) count once per process,
  so the sum slightly overstates; sampling can miss a peak shorter than the interval.
- peak_rss_bytes = max(child_maxrss_bytes, tree_peak_bytes): the figure bench reports.
"""
import os
import resource
import subprocess
import sys
import threading
import time

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def descendants(pid):
    """Returns pid and every descendant pid (best effort; processes may vanish meanwhile)."""
    result = []
    stack = [pid]
    while stack:
        current = stack.pop()
        result.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack.extend(int(child) for child in children.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return result


def resident_bytes(pid):
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * PAGE_SIZE
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return 0


def main():
    args = sys.argv[1:]
    interval = 0.02
    if args[:1] == ["--interval"]:
        interval = float(args[1])
        args = args[2:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2

    start = time.perf_counter()
    process = subprocess.Popen(args)
    tree_peak = 0
    done = threading.Event()

    def sample():
        nonlocal tree_peak
        while not done.is_set():
            total = sum(resident_bytes(pid) for pid in descendants(process.pid))
            tree_peak = max(tree_peak, total)
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    status = process.wait()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    child_maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    peak = max(child_maxrss, tree_peak)
    print(f"MEASURE wall_seconds={wall:.4f} peak_rss_bytes={peak} child_maxrss_bytes={child_maxrss} "
          f"tree_peak_bytes={tree_peak} status={status}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
