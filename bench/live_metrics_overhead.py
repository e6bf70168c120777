#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""What streaming live metrics costs the load engine: requests per CPU-second with no sink, with
an InfluxDB sink and with a Prometheus sink, side by side in one run.

Starts Debian's nginx, InfluxDB 1.6 and Prometheus 2.42 on free loopback ports (temporary
directories, stopped by PID at the end), then runs `perf-gate run` against nginx `/` with the same
VUs and threads in interleaved rounds (none, influxdb, prometheus, none, …) so that drift on a
shared machine hits every variant alike. CPU is perf-gate's own (user + system of the child,
getrusage), which includes the sink's sender thread; the servers' CPU is not counted.

    bench/live_metrics_overhead.py --perf-gate build/src/perf-gate [--vus 50] [--duration 5] [--rounds 3]
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine_vs_wrk import free_port, run_measured, start_nginx  # noqa: E402


def wait_ready(url, status, proc):
    for _ in range(600):  # 30 s
        if proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=1) as answer:
                if answer.status == status:
                    return
        except OSError:
            pass
        time.sleep(0.05)
    proc.kill()
    sys.exit(f"{url} did not get ready")


def start_influxdb(workdir):
    port, rpc = free_port(), free_port()
    conf = f"{workdir}/influxdb.conf"
    with open(conf, "w") as f:
        f.write(f"""reporting-disabled = true
bind-address = "127.0.0.1:{rpc}"
[meta]
  dir = "{workdir}/influx/meta"
[data]
  dir = "{workdir}/influx/data"
  wal-dir = "{workdir}/influx/wal"
  query-log-enabled = false
[http]
  bind-address = "127.0.0.1:{port}"
  log-enabled = false
[monitor]
  store-enabled = false
""")
    log = open(f"{workdir}/influxd.log", "w")
    proc = subprocess.Popen(["/usr/bin/influxd", "run", "-config", conf], stdout=log, stderr=log)
    wait_ready(f"http://127.0.0.1:{port}/ping", 204, proc)
    query = urllib.parse.urlencode({"q": "CREATE DATABASE bench"})
    urllib.request.urlopen(urllib.request.Request(
        f"http://127.0.0.1:{port}/query?{query}", method="POST"), timeout=5).read()
    return proc, f"influxdb=http://127.0.0.1:{port}/write?db=bench"


def start_prometheus(workdir):
    port = free_port()
    with open(f"{workdir}/prometheus.yml", "w") as f:
        f.write("global: {}\n")
    log = open(f"{workdir}/prometheus.log", "w")
    proc = subprocess.Popen(["/usr/bin/prometheus", f"--config.file={workdir}/prometheus.yml",
                             f"--storage.tsdb.path={workdir}/prom",
                             f"--web.listen-address=127.0.0.1:{port}",
                             "--web.enable-remote-write-receiver"], stdout=log, stderr=log)
    wait_ready(f"http://127.0.0.1:{port}/-/ready", 200, proc)
    return proc, f"prometheus=http://127.0.0.1:{port}/api/v1/write"


def run_perf_gate(port, args, workdir, sink):
    scenario = f"{workdir}/bench.yaml"
    with open(scenario, "w") as f:
        f.write(f"""name: bench
target: http://127.0.0.1:{port}
scenarios:
  - name: home
    steps:
      - name: home
        get: /
        check: {{ status: 200, body_contains: "benchmark" }}
      - name: again
        get: /index.html
profiles:
  baseline: {{ vus: {args.vus}, duration: {args.duration}s }}
""")
    out = f"{workdir}/results.json"
    argv = [args.perf_gate, "run", scenario, "--threads", str(args.threads), "--progress", "off",
            "--out", out]
    if sink:
        argv += ["--out-metrics", sink]
    log = f"{workdir}/perf-gate.txt"
    wall, cpu = run_measured(argv, log)
    if "not delivered" in open(log).read():
        sys.exit("the sink dropped windows:\n" + open(log).read())
    with open(out) as f:
        totals = json.load(f)["totals"]
    return totals["requests"], totals["errors"], cpu, wall


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--perf-gate", default="build/src/perf-gate")
    parser.add_argument("--vus", type=int, default=50)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="perfgate-live-bench-")
    servers = []
    try:
        nginx, port = start_nginx(workdir, args.vus)
        servers.append(nginx)
        influx, influx_spec = start_influxdb(workdir)
        servers.append(influx)
        prom, prom_spec = start_prometheus(workdir)
        servers.append(prom)
        variants = [("none", None), ("influxdb", influx_spec), ("prometheus", prom_spec)]
        totals = {name: [0, 0, 0.0, 0.0] for name, _ in variants}
        rounds = []  # per round: variant -> requests per CPU-second
        for round_number in range(args.rounds):
            shift = round_number % len(variants)  # each variant takes each position in turn
            per_round = {}
            for name, sink in variants[shift:] + variants[:shift]:
                measured = run_perf_gate(port, args, workdir, sink)
                for i, value in enumerate(measured):
                    totals[name][i] += value
                per_round[name] = measured[0] / measured[2] if measured[2] > 0 else 0
            rounds.append(per_round)
    finally:
        for proc in servers:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    print(f"nginx / and /index.html on loopback, {args.vus} VUs, {args.threads} thread(s), "
          f"{args.rounds} interleaved rounds of {args.duration} s per variant")
    print(f"{'sink':<11} {'requests':>10} {'errors':>7} {'req/s':>9} {'CPU s':>7} {'req/CPU-s':>10}")
    per_cpu = {}
    for name, (requests, errors, cpu, wall) in totals.items():
        per_cpu[name] = requests / cpu if cpu > 0 else 0
        print(f"{name:<11} {requests:>10} {errors:>7} {requests / wall:>9.0f} {cpu:>7.2f} "
              f"{per_cpu[name]:>10.0f}")
    print("per round (req/CPU-s): " + "; ".join(
        ", ".join(f"{name} {value:.0f}" for name, value in r.items()) for r in rounds))
    for name in ("influxdb", "prometheus"):
        ratio = per_cpu[name] / per_cpu["none"] if per_cpu["none"] else 0
        paired = sorted(r[name] / r["none"] for r in rounds if r["none"])
        median = paired[len(paired) // 2] if paired else 0
        print(f"ratio with {name} / none (requests per CPU-second): {ratio:.3f} overall, "
              f"{median:.3f} median of the rounds' ratios")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
