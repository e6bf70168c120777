#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Issue #9's "must hold" cases, measured against real nginx on loopback.

Starts Debian's nginx (with its echo module) on free 127.0.0.1 ports: one server per delay of
the `slow` endpoint (10, 13 and 30 ms; `fast` answers at once), then runs the built perf-gate as
a user would and prints each gate's verdict and the failing endpoints:

  history   6 s runs, a 3-run history baseline; unchanged runs, and slow 10 -> 13 ms
  one-run   5 s runs, a one-run baseline; slow 10 -> 30 ms, 10 -> 13 ms, unchanged
  stall     a baseline run during which nginx is stopped for 1 s (SIGSTOP), then +30 %
  hog10     10 s runs, a 3-run history, all under a CPU hog switching on and off every second:
            unchanged runs, and slow 10 -> 13 ms (runs of 8 s or more are also judged by their
            quickest quarter of blocks)
  ab        perf-gate ab with a CPU hog switching on and off every second: same server both
            sides, and 10 vs 13 ms
  ab10      the same with a 5 % tolerance (and a 0.5 ms absolute floor: +10 % of 10 ms is the
            default 1 ms floor itself) and 15 rounds of 2 s blocks (60 s of load): same server,
            and 10 vs 11 ms (+10 %, issue #9's A/B target)

Every load is bounded (--duration, --rounds x --block); all traffic stays on loopback; the
script stops only the nginx and hog processes it started, by PID.

    bench/verdict_real_server.py --perf-gate build/src/perf-gate [--gates 3] [--cases all]
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

NGINX = "/usr/sbin/nginx"
ECHO_MODULE = "/usr/lib/nginx/modules/ngx_http_echo_module.so"

SCENARIO = """name: api
target: http://127.0.0.1:1
scenarios:
  - name: browse
    steps:
      - name: fast
        get: /fast
      - name: slow
        get: /slow
profiles:
  baseline: { vus: 10, duration: 6s }
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Nginx:
    """nginx in the foreground, single process, its own prefix; slow endpoint after `ms`.

    error_bursts: `fast` fails (500) for one request in five during about one second in five,
    the seconds drawn by hashing the clock's second (split_clients), the requests by hashing
    their id: errors in bursts, as a flapping dependency makes them, not one by one."""

    def __init__(self, workdir, ms, error_bursts=False):
        self.dir = tempfile.mkdtemp(dir=workdir, prefix=f"nginx{ms}-")
        self.port = free_port()
        bursts = """
  split_clients "${time_local}" $burst_second { 20% 1; * 0; }
  split_clients "${request_id}" $burst_request { 20% 1; * 0; }
  map "$burst_second$burst_request" $burst_error { "11" 1; default 0; }""" if error_bursts else ""
        fast = ("location = /fast { if ($burst_error) { return 500 'burst'; } return 200 'ok'; }"
                if error_bursts else "location = /fast { return 200 'ok'; }")
        conf = f"""load_module {ECHO_MODULE};
daemon off;
master_process off;
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {self.dir}/body;
  proxy_temp_path {self.dir}/proxy;
  fastcgi_temp_path {self.dir}/fastcgi;
  uwsgi_temp_path {self.dir}/uwsgi;
  scgi_temp_path {self.dir}/scgi;
  keepalive_requests 100000000;{bursts}
  server {{
    listen 127.0.0.1:{self.port};
    {fast}
    location = /slow {{ echo_sleep {ms / 1000:.3f}; echo ok; }}
  }}
}}
"""
        with open(os.path.join(self.dir, "nginx.conf"), "w") as f:
            f.write(conf)
        self.process = subprocess.Popen(
            [NGINX, "-p", self.dir, "-c", os.path.join(self.dir, "nginx.conf"), "-e",
             os.path.join(self.dir, "error.log")])
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("nginx did not start")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.process.kill()
        self.process.wait(5)


class CpuHog:
    """Burns one core for one second, rests one second, until `seconds` have passed."""

    def __init__(self, seconds):
        code = ("import time\nend=time.time()+%f\n"
                "while time.time()<end:\n"
                "  t=time.time()\n"
                "  if int(t)%%2==0:\n"
                "    while time.time()-t<0.05: pass\n"
                "  else: time.sleep(0.05)\n" % seconds)
        self.process = subprocess.Popen([sys.executable, "-c", code])

    def stop(self):
        self.process.kill()
        self.process.wait(5)


class Bench:
    def __init__(self, perf_gate, workdir):
        self.perf_gate = perf_gate
        self.dir = workdir
        self.scenario = os.path.join(workdir, "api.yaml")
        with open(self.scenario, "w") as f:
            f.write(SCENARIO)
        self.count = 0

    def path(self, name):
        self.count += 1
        return os.path.join(self.dir, f"{self.count:03d}-{name}")

    def run(self, target, duration):
        out = self.path("results.json")
        subprocess.run([self.perf_gate, "run", self.scenario, "--target", target, "--duration",
                        duration, "--out", out, "--progress", "off"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return out

    def baseline(self, runs):
        path = self.path("baseline.json")
        for run in runs:
            subprocess.run([self.perf_gate, "baseline", "update", run, "--baseline", path],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return path

    def compare(self, results, baseline):
        out = self.path("verdict.json")
        done = subprocess.run([self.perf_gate, "compare", results, "--baseline", baseline,
                               "--out", out], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        return summarize(out, done.returncode)

    def ab(self, base, head, rounds, block, extra=()):
        out = self.path("ab")
        done = subprocess.run([self.perf_gate, "ab", self.scenario, "--baseline-target", base,
                               "--target", head, "--rounds", str(rounds), "--block", block,
                               "--out-dir", out, *extra],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        return summarize(os.path.join(out, "verdict.json"), done.returncode)


def summarize(verdict_path, code):
    with open(verdict_path) as f:
        verdict = json.load(f)
    failing = sorted({c["endpoint"] or "(total)" for c in verdict["checks"]
                      if c["status"] == "fail"})
    slow_p50 = next((c for c in verdict["checks"] if c["kind"] == "regression"
                     and c["endpoint"] == "slow" and c["metric"] == "p50_ms"), None)
    detail = ""
    if slow_p50:
        change = slow_p50.get("relative_change")
        detail = (f"slow p50 {slow_p50['status']}"
                  + (f" {change * 100:+.0f}%" if change is not None else "")
                  + (f", detects >= {slow_p50['detectable_change'] * 100:.0f}%"
                     if slow_p50.get("detectable_change") is not None else "")
                  + (" (shown by the quickest quarter of blocks)"
                     if "shown by the run's quickest quarter" in slow_p50.get("explanation", "")
                     else ""))
    undecided = [f"{c['metric']} of {c['endpoint'] or 'the run'}" for c in verdict["checks"]
                 if c["status"] == "inconclusive"]
    if verdict["verdict"] == "inconclusive" and undecided:
        detail += "; inconclusive: " + ", ".join(undecided)
    if any("set aside as disturbed" in note for note in verdict.get("notes", [])):
        detail += "; a disturbed history run set aside"
    warned = [f"{c['metric']} of {c['endpoint'] or 'the run'} ({c['kind']})"
              for c in verdict["checks"] if c["status"] == "warn"]
    if verdict["verdict"] == "warn" and warned:
        detail += "; warn: " + ", ".join(warned)
    return {"verdict": verdict["verdict"], "exit": code, "failing": failing, "detail": detail}


def show(label, outcome):
    failing = ",".join(outcome["failing"]) or "-"
    print(f"| {label} | {outcome['verdict']} | {outcome['exit']} | {failing} | "
          f"{outcome['detail']} |", flush=True)


def stall_during(server, seconds):
    """Stops nginx (SIGSTOP) for one second half-way through a run of `seconds`; join() it."""
    def stall():
        time.sleep(seconds / 2)
        os.kill(server.process.pid, signal.SIGSTOP)
        time.sleep(1)
        os.kill(server.process.pid, signal.SIGCONT)
    thread = threading.Thread(target=stall)
    thread.start()
    return thread


def stalled_run(bench, server, duration_s):
    """A run during which nginx is stopped for one second in the middle."""
    thread = stall_during(server, duration_s)
    try:
        return bench.run(server.url, f"{duration_s}s")
    finally:
        thread.join()
        os.kill(server.process.pid, signal.SIGCONT)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--perf-gate", required=True)
    parser.add_argument("--gates", type=int, default=3, help="gates per case")
    parser.add_argument("--cases", default="all",
                        help="history,one-run,stall,hog10,ab,ab10 or all (all but ab10)")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--block", default="2s")
    args = parser.parse_args()
    cases = {"history", "one-run", "stall", "hog10", "ab"} if args.cases == "all" else set(
        args.cases.split(","))
    with tempfile.TemporaryDirectory(prefix="perf-gate-verdicts-") as workdir:
        servers = {ms: Nginx(workdir, ms) for ms in (10, 11, 13, 30)}
        bench = Bench(os.path.abspath(args.perf_gate), workdir)
        try:
            print("| case | verdict | exit | failing endpoints | detail |")
            print("|---|---|---|---|---|")
            if "history" in cases:
                base = bench.baseline([bench.run(servers[10].url, "6s") for _ in range(3)])
                for i in range(args.gates):
                    show(f"history 3 runs, 6 s, unchanged #{i + 1}",
                         bench.compare(bench.run(servers[10].url, "6s"), base))
                for i in range(args.gates):
                    show(f"history 3 runs, 6 s, slow 10 -> 13 ms #{i + 1}",
                         bench.compare(bench.run(servers[13].url, "6s"), base))
            if "one-run" in cases:
                base = bench.baseline([bench.run(servers[10].url, "5s")])
                for ms in (30, 13, 10):
                    for i in range(args.gates):
                        label = "unchanged" if ms == 10 else f"slow 10 -> {ms} ms"
                        show(f"one run, 5 s, {label} #{i + 1}",
                             bench.compare(bench.run(servers[ms].url, "5s"), base))
            if "stall" in cases:
                runs = [bench.run(servers[10].url, "6s") for _ in range(2)]
                runs.append(stalled_run(bench, servers[10], 6))
                history = bench.baseline(runs)
                single = bench.baseline(runs[-1:])
                for i in range(args.gates):
                    run = bench.run(servers[13].url, "6s")
                    show(f"stalled second in the baseline, 3 runs, +30% #{i + 1}",
                         bench.compare(run, history))
                    show(f"stalled second in the baseline, 1 run, +30% #{i + 1}",
                         bench.compare(run, single))
            if "hog10" in cases:
                hog = CpuHog(3 * 10 + 2 * 10 * args.gates + 30)
                try:
                    base = bench.baseline([bench.run(servers[10].url, "10s") for _ in range(3)])
                    for i in range(args.gates):
                        show(f"history 3 runs, 10 s, CPU hog, unchanged #{i + 1}",
                             bench.compare(bench.run(servers[10].url, "10s"), base))
                        show(f"history 3 runs, 10 s, CPU hog, slow 10 -> 13 ms #{i + 1}",
                             bench.compare(bench.run(servers[13].url, "10s"), base))
                finally:
                    hog.stop()
            if "ab" in cases:
                seconds = 2 * args.rounds * float(args.block.rstrip("s")) * 2 * args.gates + 30
                hog = CpuHog(seconds)
                try:
                    for i in range(args.gates):
                        show(f"ab + CPU hog, same server #{i + 1}",
                             bench.ab(servers[10].url, servers[10].url, args.rounds, args.block))
                        show(f"ab + CPU hog, 10 vs 13 ms #{i + 1}",
                             bench.ab(servers[10].url, servers[13].url, args.rounds, args.block))
                finally:
                    hog.stop()
            if "ab10" in cases:
                hog = CpuHog(2 * 2 * 15 * 2 * args.gates + 30)
                # +10 % of 10 ms is 1 ms: the default absolute floor (1 ms) would hide it.
                strict = ("--tolerance", "5%", "--min-latency-change-ms", "0.5")
                try:
                    for i in range(args.gates):
                        show(f"ab 60 s + CPU hog, 5% / 0.5 ms tolerance, same server #{i + 1}",
                             bench.ab(servers[10].url, servers[10].url, 15, "2s", strict))
                        show(f"ab 60 s + CPU hog, 5% / 0.5 ms tolerance, 10 vs 11 ms #{i + 1}",
                             bench.ab(servers[10].url, servers[11].url, 15, "2s", strict))
                finally:
                    hog.stop()
        finally:
            for server in servers.values():
                server.stop()


if __name__ == "__main__":
    main()
