#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""perf-gate holding many concurrent VUs against nginx: peak RSS and errors.

    bench/engine_many_vus.py --perf-gate build/src/perf-gate [--vus 10000] [--duration 15]
                             [--http-client curl|native|auto]

Peak RSS is the largest of perf-gate's VmHWM and VmRSS (/proc/PID/status), polled every 0.2 s.

Needs an open-files limit above the VU count for both perf-gate and nginx (both raise their soft
limit to the hard limit; `ulimit -Hn` must allow it).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine_vs_wrk import start_nginx  # noqa: E402


def rss_kib(pid):
    peak = 0
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    peak = max(peak, int(line.split()[1]))
    except OSError:
        pass
    return peak


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--perf-gate", default="build/src/perf-gate")
    parser.add_argument("--vus", type=int, default=10000)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--http-client", choices=["curl", "native", "auto"],
                        help="passed to perf-gate run (default: perf-gate's own)")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="perfgate-vus-")
    nginx, port = start_nginx(workdir, args.vus + 1000)
    scenario = f"{workdir}/vus.yaml"
    with open(scenario, "w") as f:
        f.write(f"""name: many-vus
target: http://127.0.0.1:{port}
scenarios:
  - name: home
    think: 1s
    steps:
      - name: home
        get: /
        check: {{ status: 200 }}
profiles:
  baseline: {{ stages: [ {{ duration: 5s, target: {args.vus} }}, {{ duration: {args.duration}s, target: {args.vus} }} ] }}
""")
    argv = [args.perf_gate, "run", scenario, "--progress", "plain", "--out", f"{workdir}/r.json"]
    if args.threads:
        argv += ["--threads", str(args.threads)]
    if args.http_client:
        argv += ["--http-client", args.http_client]
    try:
        proc = subprocess.Popen(argv)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, rss_kib(proc.pid))
            time.sleep(0.2)
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
    with open(f"{workdir}/r.json") as f:
        results = json.load(f)
    totals = results["totals"]
    peak_vus = max((w.get("active_vus_max", 0) for w in results.get("windows", {}).get("load", [])), default=0)
    meta = results.get("meta", {})
    print(f"HTTP client {meta.get('http_client', args.http_client or '?')}; open-files limit "
          f"{meta.get('generator', {}).get('open_files_limit', '?')}")
    print(f"VUs asked {args.vus}, peak active {peak_vus}; requests {totals['requests']}, "
          f"errors {totals['errors']}, peak RSS {peak / 1024:.0f} MiB")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
