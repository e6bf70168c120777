#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Records the real-noise corpus that bench_accuracy --corpus judges the gate on.

Runs the built perf-gate again and again, unchanged, against Debian's nginx on loopback (a
`fast` endpoint that answers at once and a `slow` one after 10 ms, by the echo module), under
several conditions, and keeps every results file:

  quiet   nothing else of ours running (whatever else the machine runs stays: say so)
  hog     a CPU hog switching on and off every second (one core)
  stall   nginx stopped (SIGSTOP) for one second in the middle of each run
  throttle  nginx in a cgroup with a CPU quota (CFS bandwidth: 5 ms of CPU per 100 ms, as a
          Kubernetes CPU limit of 50m sets it): under this load it is throttled in most
          periods, unevenly (the script prints how many)
  errors  `fast` fails one request in five during about one second in five (the Nginx
          class's error_bursts), with nothing else of ours running

Files land in OUT/<condition>-<seconds>s-<n>.json. Changes are never recorded: the benchmark
injects them by scaling one endpoint's histograms, so every comparison has a known answer.
Every run is bounded (--durations); traffic stays on loopback; only the nginx and hog processes
this script started are stopped, by PID.

    bench/record_noise_corpus.py --perf-gate build/src/perf-gate --out bench/corpus \\
        [--runs 12] [--durations 5,10] [--conditions quiet,hog,stall,throttle,errors]
"""
import argparse
import os
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from verdict_real_server import CpuHog, Nginx, SCENARIO, stall_during  # noqa: E402


class CpuLimit:
    """Moves one process into a new cgroup whose CPU bandwidth is `quota_ms` per 100 ms (cgroup
    v2's cpu.max, or v1's cpu.cfs_quota_us); stop() moves it back and removes the cgroup."""

    def __init__(self, pid, quota_ms):
        self.pid = pid
        name = f"perf-gate-corpus-{os.getpid()}"
        if os.path.exists("/sys/fs/cgroup/cgroup.controllers"):
            self.root = "/sys/fs/cgroup"
            self.dir = os.path.join(self.root, name)
            os.mkdir(self.dir)
            self._write("cpu.max", f"{quota_ms * 1000} 100000")
        else:
            self.root = "/sys/fs/cgroup/cpu"
            self.dir = os.path.join(self.root, name)
            os.mkdir(self.dir)
            self._write("cpu.cfs_period_us", "100000")
            self._write("cpu.cfs_quota_us", str(quota_ms * 1000))
        self._write("cgroup.procs", str(pid))

    def _write(self, name, value, where=None):
        with open(os.path.join(where or self.dir, name), "w") as f:
            f.write(value)

    def throttled(self):
        """How many 100 ms periods the process was throttled in, so far."""
        with open(os.path.join(self.dir, "cpu.stat")) as f:
            return int(dict(line.split() for line in f)["nr_throttled"])

    def stop(self):
        self._write("cgroup.procs", str(self.pid), self.root)
        os.rmdir(self.dir)


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
    parser.add_argument("--throttle-quota-ms", type=int, default=5,
                        help="throttle: nginx's CPU per 100 ms period")
    args = parser.parse_args()
    perf_gate = os.path.abspath(args.perf_gate)
    os.makedirs(args.out, exist_ok=True)
    durations = [int(d) for d in args.durations.split(",")]
    with tempfile.TemporaryDirectory(prefix="perf-gate-corpus-") as workdir:
        scenario = os.path.join(workdir, "api.yaml")
        with open(scenario, "w") as f:
            f.write(SCENARIO)
        conditions = args.conditions.split(",")
        server = Nginx(workdir, 10)
        failing = Nginx(workdir, 10, error_bursts=True) if "errors" in conditions else None
        try:
            for condition in conditions:
                for seconds in durations:
                    hog = CpuHog(args.runs * (seconds + 3) + 30) if condition == "hog" else None
                    limit = CpuLimit(server.process.pid, args.throttle_quota_ms) \
                        if condition == "throttle" else None
                    target = failing if condition == "errors" else server
                    try:
                        for n in range(args.runs):
                            out = os.path.join(args.out, f"{condition}-{seconds}s-{n:02d}.json")
                            staller = stall_during(server, seconds) if condition == "stall" \
                                else None
                            record(perf_gate, scenario, target, seconds, out)
                            if staller:
                                staller.join()
                            print(f"recorded {out}", flush=True)
                    finally:
                        if hog:
                            hog.stop()
                        if limit:
                            print(f"nginx was throttled in {limit.throttled()} periods of "
                                  "100 ms", flush=True)
                            limit.stop()
        finally:
            os.kill(server.process.pid, signal.SIGCONT)
            server.stop()
            if failing:
                failing.stop()


if __name__ == "__main__":
    main()
