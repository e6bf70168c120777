#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Records the real-noise corpus that bench_accuracy --corpus judges the gate on.

Runs the built perf-gate again and again, unchanged, against Debian's nginx on loopback (a
`fast` endpoint that answers at once and a `slow` one after 10 ms, by the echo module), under
several conditions, and keeps every results file:

  quiet   nothing else of ours running (whatever else the machine runs stays: say so)
  hog     a CPU hog switching on and off every second (one core)
  stall   nginx stopped (SIGSTOP) for one second in the middle of each run

Files land in OUT/<condition>-<seconds>s-<n>.json. Changes are never recorded: the benchmark
injects them by scaling one endpoint's histograms, so every comparison has a known answer.
Every run is bounded (--durations); traffic stays on loopback; only the nginx and hog processes
this script started are stopped, by PID.

    bench/record_noise_corpus.py --perf-gate build/src/perf-gate --out bench/corpus \\
        [--runs 12] [--durations 5,10] [--conditions quiet,hog,stall]
"""
import argparse
import os
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from verdict_real_server import CpuHog, Nginx, SCENARIO, stall_during  # noqa: E402


def record(perf_gate, scenario, server, seconds, out):
    subprocess.run([perf_gate, "run", scenario, "--target", server.url, "--duration",
                    f"{seconds}s", "--out", out, "--progress", "off"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--perf-gate", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--runs", type=int, default=12)
    parser.add_argument("--durations", default="5,10")
    parser.add_argument("--conditions", default="quiet,hog,stall")
    args = parser.parse_args()
    perf_gate = os.path.abspath(args.perf_gate)
    os.makedirs(args.out, exist_ok=True)
    durations = [int(d) for d in args.durations.split(",")]
    with tempfile.TemporaryDirectory(prefix="perf-gate-corpus-") as workdir:
        scenario = os.path.join(workdir, "api.yaml")
        with open(scenario, "w") as f:
            f.write(SCENARIO)
        server = Nginx(workdir, 10)
        try:
            for condition in args.conditions.split(","):
                for seconds in durations:
                    hog = CpuHog(args.runs * (seconds + 3) + 30) if condition == "hog" else None
                    try:
                        for n in range(args.runs):
                            out = os.path.join(args.out, f"{condition}-{seconds}s-{n:02d}.json")
                            staller = stall_during(server, seconds) if condition == "stall" \
                                else None
                            record(perf_gate, scenario, server, seconds, out)
                            if staller:
                                staller.join()
                            print(f"recorded {out}", flush=True)
                    finally:
                        if hog:
                            hog.stop()
        finally:
            os.kill(server.process.pid, signal.SIGCONT)
            server.stop()


if __name__ == "__main__":
    main()
