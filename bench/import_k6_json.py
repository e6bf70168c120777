#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""perf-gate import of a large k6 `--out json` file: import rate and peak memory.

    bench/import_k6_json.py --perf-gate build/src/perf-gate [--size-mb 1024] [--gzip]

Builds the file from tests/data/import/k6-points.ndjson (a real k6 v0.48 run: 4 endpoints,
22 metrics), repeated with its times shifted 5 s per copy, so that the big file has the same
mix of lines as a real one and one 1 s window per second; then imports it once and reports
MB/s, lines/s and the peak RSS of the import. The file is written to a temporary directory
and removed afterwards.
"""
import argparse
import gzip
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "tests", "data", "import", "k6-points.ndjson")
TIME = re.compile(rb'"time":"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z"')


def copies(lines, size_bytes):
    """Yields the fixture's point lines again and again, each copy 5 s later."""
    points = [l for l in lines if b'"type":"Point"' in l]
    header = [l for l in lines if b'"type":"Metric"' in l]
    yield b"".join(header)
    written, copy = 0, 0
    while written < size_bytes:
        shift = timedelta(seconds=5 * copy)

        def shifted(m):
            t = datetime.strptime(m.group(1).decode(), "%Y-%m-%dT%H:%M:%S") + shift
            return b'"time":"' + t.strftime("%Y-%m-%dT%H:%M:%S").encode() + (m.group(2) or b"") + b'Z"'

        chunk = TIME.sub(shifted, b"".join(points))
        written += len(chunk)
        copy += 1
        yield chunk


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--perf-gate", required=True)
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--gzip", action="store_true", help="gzip the file (level 1) first")
    args = parser.parse_args()
    with open(FIXTURE, "rb") as f:
        lines = f.readlines()
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "points.ndjson" + (".gz" if args.gzip else ""))
        opener = (lambda p: gzip.open(p, "wb", compresslevel=1)) if args.gzip else (lambda p: open(p, "wb"))
        raw, line_count = 0, 0
        with opener(path) as out:
            for chunk in copies(lines, args.size_mb << 20):
                out.write(chunk)
                raw += len(chunk)
                line_count += chunk.count(b"\n")
        on_disk = os.path.getsize(path)
        start = time.monotonic()
        run = subprocess.run([args.perf_gate, "import", path, "--from", "k6-json", "--out",
                              os.path.join(work, "results.json")], capture_output=True, text=True)
        elapsed = time.monotonic() - start
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if run.returncode != 0:
            sys.exit(f"import failed ({run.returncode}): {run.stderr}")
        print(run.stderr.strip())
        print(f"file: {raw / 2**20:.0f} MiB of NDJSON ({line_count:,} lines), {on_disk / 2**20:.0f} MiB on disk")
        print(f"import: {elapsed:.1f} s, {raw / 2**20 / elapsed:.0f} MiB/s, {line_count / elapsed:,.0f} lines/s, "
              f"peak RSS {peak_kib / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
