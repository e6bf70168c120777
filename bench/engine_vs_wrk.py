#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""perf-gate's load engine against wrk: requests per CPU-second of each generator.

Starts Debian's nginx on a free loopback port (its own temporary config, one process), then runs
wrk and `perf-gate run` with each HTTP client (--http-client curl, then native) against `/` with
the same number of connections / VUs and threads, one after the other, and measures each
generator's CPU time (user + system, getrusage of the child). perf-gate runs a real scenario: a
status check and a body check on every response, histograms and 1-second windows on.

    bench/engine_vs_wrk.py --perf-gate build/src/perf-gate [--connections 50] [--duration 10]
                           [--clients curl,native]

With --perf-record FILE, only perf-gate runs (the first of --clients), under
`perf record --call-graph dwarf` into FILE (its CPU time then includes perf's, so no ratio is
printed): the profile of docs/engine-performance.md.
"""
import argparse
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_nginx(workdir, connections, modules=(), locations=""):
    """nginx in the foreground, one process, serving a ~600-byte page at `/` from workdir/www.

    modules: paths of dynamic modules to load_module; locations: more nginx text put inside the
    server block (bench/engine_peers.py adds a slow location with the echo module).
    """
    port = free_port()
    os.makedirs(f"{workdir}/www", exist_ok=True)
    page = "<!DOCTYPE html>\n<html><head><title>Welcome</title></head><body>\n"
    while len(page) < 600:
        page += "<p>perf-gate benchmark page.</p>\n"
    page += "</body></html>\n"
    with open(f"{workdir}/www/index.html", "w") as f:
        f.write(page)
    with open(f"{workdir}/nginx.conf", "w") as f:
        loads = "".join(f"load_module {module};\n" for module in modules)
        f.write(f"""{loads}daemon off;
master_process off;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
worker_rlimit_nofile {connections * 2 + 1024};
events {{ worker_connections {connections + 512}; }}
http {{
  access_log off;
  client_body_temp_path {workdir}/body; proxy_temp_path {workdir}/proxy;
  fastcgi_temp_path {workdir}/fastcgi; uwsgi_temp_path {workdir}/uwsgi; scgi_temp_path {workdir}/scgi;
  keepalive_requests 100000000; keepalive_timeout 300s;
  server {{ listen 127.0.0.1:{port} backlog=4096; root {workdir}/www; {locations}}}
}}
""")
    proc = subprocess.Popen(["/usr/sbin/nginx", "-p", workdir, "-c", f"{workdir}/nginx.conf",
                             "-e", f"{workdir}/error.log"])
    for _ in range(500):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return proc, port
        except OSError:
            time.sleep(0.01)
    proc.kill()
    sys.exit("nginx did not start")


def run_measured(argv, stdout_path):
    """Runs argv; returns (wall seconds, CPU seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    with open(stdout_path, "w") as out:
        subprocess.run(argv, stdout=out, stderr=subprocess.STDOUT, check=False)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def run_wrk(port, args, workdir):
    log = f"{workdir}/wrk.txt"
    wall, cpu = run_measured(["wrk", f"-t{args.threads}", f"-c{args.connections}",
                              f"-d{args.duration}s", f"http://127.0.0.1:{port}/"], log)
    text = open(log).read()
    match = re.search(r"(\d+) requests in", text)
    if not match:
        sys.exit("wrk output not understood:\n" + text)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return int(match.group(1)), cpu, wall, int(errors.group(1)) if errors else 0


def run_perf_gate(port, args, workdir, client):
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
profiles:
  baseline: {{ vus: {args.connections}, duration: {args.duration}s }}
""")
    out = f"{workdir}/results.json"
    wrapper = []
    if args.perf_record:
        wrapper = ["perf", "record", "--call-graph", "dwarf,16384", "-F", "999", "-o",
                   args.perf_record, "--"]
    wall, cpu = run_measured(wrapper + [args.perf_gate, "run", scenario, "--threads", str(args.threads),
                              "--progress", "off", "--http-client", client, "--out", out],
                             f"{workdir}/perf-gate-{client}.txt")
    with open(out) as f:
        results = json.load(f)
    ran = results.get("meta", results).get("http_client", client)
    if ran != client:
        sys.exit(f"asked for --http-client {client}, the results say {ran}")
    totals = results["totals"]
    return totals["requests"], cpu, wall, totals["errors"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--perf-gate", default="build/src/perf-gate")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--clients", default="curl,native",
                        help="perf-gate's HTTP clients to run, in order (comma-separated)")
    parser.add_argument("--perf-record", metavar="FILE",
                        help="profile perf-gate alone with perf record into FILE")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (scripts/setup.sh)")
    workdir = tempfile.mkdtemp(prefix="perfgate-bench-")
    nginx, port = start_nginx(workdir, args.connections)
    try:
        clients = args.clients.split(",")
        rows = [] if args.perf_record else [("wrk",) + run_wrk(port, args, workdir)]
        for client in clients[:1] if args.perf_record else clients:
            rows.append((f"pg {client}",) + run_perf_gate(port, args, workdir, client))
    finally:
        nginx.send_signal(signal.SIGTERM)
        nginx.wait(timeout=10)
    print(f"nginx / on loopback, {args.connections} connections, {args.threads} generator "
          f"thread(s), {args.duration} s each")
    print(f"{'generator':<10} {'requests':>10} {'errors':>7} {'req/s':>10} {'CPU s':>7} "
          f"{'req/CPU-s':>10} {'/ wrk':>6}")
    wrk_per_cpu = None
    for name, requests, cpu, wall, errors in rows:
        per_cpu = requests / cpu if cpu > 0 else 0
        if name == "wrk":
            wrk_per_cpu = per_cpu
        ratio = f"{per_cpu / wrk_per_cpu:.2f}" if wrk_per_cpu else "-"
        print(f"{name:<10} {requests:>10} {errors:>7} {requests / wall:>10.0f} {cpu:>7.2f} "
              f"{per_cpu:>10.0f} {ratio:>6}")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
