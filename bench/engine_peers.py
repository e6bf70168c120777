#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""perf-gate side by side with peer load generators against nginx on loopback, in one run.

Starts Debian's nginx on a free 127.0.0.1 port (one process, its own temporary config, the echo
module loaded) serving two endpoints:

    /          a ~640-byte static page
    /sleep10   the same page after 10 ms (`echo_sleep 0.01; echo_exec /index.html;`: the page
               keeps its Content-Length, so that ab's HTTP/1.0 keep-alive works there too)

and drives each with wrk, h2load, hey, ab, autocannon and `perf-gate run` (twice: --http-client
curl and --http-client native; a status check and a body check on every response, histograms
and 1-second windows on, as in bench/engine_vs_wrk.py). Beside them `curl-floor`, libcurl alone
in a bare multi loop (bench/libcurl_floor.cpp, build target bench_libcurl_floor; taken from
build/bench/ next to --perf-gate's build/src/, or --libcurl-floor PATH): the floor of what the
libcurl path can cost per request, measured in the throughput runs only. Two kinds of run per
generator and endpoint, each bounded by --duration:

 1. throughput: as fast as it goes at --connections connections, one thread where the tool has
    a knob for it (wrk -t1, h2load -t1 --h1, perf-gate --threads 1, hey -cpus 1 = GOMAXPROCS;
    ab is single-threaded; autocannon is one node event loop). Requests per CPU-second of the
    generator process (user + system, getrusage of the child) and its ratio to wrk's in the
    same repeat.
 2. fixed rate: --rate requests per second over the same connections, p50 and p99 latency as the
    tool reports it (h2load prints no percentiles: they are computed from its --log-file). wrk
    (no wrk2 in Debian) and ab have no rate option: n/a. curl-floor is left out of these.

Peak RSS of every generator process is its ru_maxrss, taken by GNU time (`/usr/bin/time -f %M`,
which forks so that the figure is the generator's own, not the Python parent's inherited by a
vfork) or, without GNU time, by polling /proc/PID/status VmHWM.

The generators run one after the other, in alternating order from one repeat to the next
(--repeats) so that drift on a shared machine hits each alike; the summary gives the median and
the spread (min-max) of the ratios over the repeats. Every process started is stopped by its
PID (its process group) when it overruns; nothing leaves 127.0.0.1.

    bench/engine_peers.py --perf-gate build/src/perf-gate [--connections 50] [--duration 5]
                          [--rate 1000] [--repeats 3] [--only wrk,hey,...]

Peers are optional and not part of the test suite's dependencies (scripts/setup.sh): install
them with `apt-get install wrk nghttp2-client hey apache2-utils time nginx-light
libnginx-mod-http-echo`; autocannon is taken from PATH, else --autocannon, else installed with
`npm install --prefix <temporary dir> autocannon` when npm is present (--no-npm to forbid);
a missing peer is skipped with a note.
"""
import argparse
import json
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine_vs_wrk import start_nginx  # noqa: E402

ECHO_MODULE = "/usr/lib/nginx/modules/ngx_http_echo_module.so"
ENDPOINTS = [("/", "/"), ("10 ms", "/sleep10")]
GENERATORS = ["wrk", "h2load", "hey", "ab", "autocannon", "curl-floor", "pg-curl", "pg-native"]
RATE_CAPABLE = {"h2load", "hey", "autocannon", "autocannon-C", "pg-curl", "pg-native"}
THROUGHPUT_ONLY = {"curl-floor"}  # not in the fixed-rate runs, not even as an n/a row
GNU_TIME = "/usr/bin/time"


class Run:
    """One generator run: what it did and what it cost."""

    def __init__(self):
        self.requests = 0
        self.errors = 0
        self.wall = 0.0
        self.cpu = 0.0
        self.rss_kib = 0
        self.p50 = None
        self.p99 = None
        self.p50_sched = None
        self.p99_sched = None
        self.note = ""


def hwm_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_measured(argv, workdir, name, timeout):
    """Runs argv in its own process group; returns (Run with wall/cpu/rss, stdout, stderr)."""
    run = Run()
    rss_file = f"{workdir}/{name}.rss"
    wrapped = [GNU_TIME, "-f", "%M", "-o", rss_file] + argv if os.access(GNU_TIME, os.X_OK) else argv
    out_path, err_path = f"{workdir}/{name}.out", f"{workdir}/{name}.err"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    with open(out_path, "w") as out, open(err_path, "w") as err:
        proc = subprocess.Popen(wrapped, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        peak = 0
        while proc.poll() is None:
            if wrapped is argv:
                peak = max(peak, hwm_kib(proc.pid))
            if time.monotonic() - start > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                run.note = "killed after overrunning"
                break
            time.sleep(0.02)
    run.wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    run.cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if wrapped is argv:
        run.rss_kib = peak
    else:
        try:
            lines = open(rss_file).read().split()
            run.rss_kib = int(lines[-1])
        except (OSError, ValueError, IndexError):
            run.rss_kib = 0
    return run, open(out_path).read(), open(err_path).read()


def percentile(sorted_values, q):
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, max(0, int(round(q * len(sorted_values) + 0.5)) - 1))
    return sorted_values[index]


def need(match, what, text):
    if not match:
        raise RuntimeError(f"{what} output not understood:\n{text[-2000:]}")
    return match


class Bench:
    def __init__(self, args, port, workdir, autocannon):
        self.args = args
        self.port = port
        self.workdir = workdir
        self.autocannon = autocannon
        self.count = 0

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def measured(self, argv, name):
        self.count += 1
        return run_measured(argv, self.workdir, f"{self.count:03d}-{name}", self.args.duration + 60)

    def run(self, generator, path, rate):
        """rate None: throughput run; else requests per second in total."""
        a = self.args
        c, d, url = a.connections, a.duration, self.url(path)
        if generator == "wrk":
            run, out, _ = self.measured(["wrk", "-t1", f"-c{c}", f"-d{d}s", url], "wrk")
            run.requests = int(need(re.search(r"(\d+) requests in", out), "wrk", out).group(1))
            non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
            run.errors = (int(non2xx.group(1)) if non2xx else 0) + (
                sum(int(g) for g in sock.groups()) if sock else 0)
            return run
        if generator == "h2load":
            argv = ["h2load", "--h1", "-t1", f"-c{c}", "-D", str(d)]
            log = None
            if rate:
                log = f"{self.workdir}/h2load-{self.count + 1:03d}.log"
                argv += [f"--rps={rate / c:g}", f"--log-file={log}"]
            run, out, _ = self.measured(argv + [url], "h2load")
            m = need(re.search(r"requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, "
                               r"(\d+) failed, (\d+) errored, (\d+) timeout", out), "h2load", out)
            run.requests = int(m.group(3))
            run.errors = int(m.group(5)) + int(m.group(6)) + int(m.group(7))
            ok = re.search(r"status codes: (\d+) 2xx", out)
            if ok:
                run.errors = max(run.errors, run.requests - int(ok.group(1)))
            if log:
                durations = []
                with open(log) as f:
                    for line in f:
                        fields = line.split()
                        if len(fields) >= 3:
                            durations.append(int(fields[2]) / 1000.0)
                durations.sort()
                run.p50, run.p99 = percentile(durations, 0.50), percentile(durations, 0.99)
                run.note = "p50/p99 from --log-file"
            return run
        if generator == "hey":
            argv = ["hey", "-z", f"{d}s", "-c", str(c), "-cpus", "1"]
            if rate:
                argv += ["-q", f"{rate / c:g}"]
            run, out, _ = self.measured(argv + [url], "hey")
            statuses = re.findall(r"^\s+\[(\d+)\]\s+(\d+) responses", out, re.M)
            need(statuses or "Error distribution" in out, "hey", out)
            errors_block = out.split("Error distribution:")[1] if "Error distribution:" in out else ""
            failures = sum(int(n) for n in re.findall(r"^\s+\[(\d+)\]\s", errors_block, re.M))
            run.requests = sum(int(n) for _, n in statuses) + failures
            run.errors = sum(int(n) for s, n in statuses if not s.startswith("2")) + failures
            if failures:
                kinds = sorted(set(re.findall(r"^\s+\[\d+\]\s+.*?:\s*([^:]+)$", errors_block, re.M)))
                run.note = f"{failures} errors: " + "; ".join(k.strip() for k in kinds)[:120]
            if rate:
                p = {q: float(v) * 1000 for q, v in re.findall(r"^\s+(\d+)%+ in (\S+) secs", out, re.M)}
                run.p50, run.p99 = p.get("50"), p.get("99")
            return run
        if generator == "ab":
            argv = ["ab", "-k", "-q", "-c", str(c), "-t", str(d), "-n", str(d * 200000), url]
            run, out, _ = self.measured(argv, "ab")
            run.requests = int(need(re.search(r"Complete requests:\s+(\d+)", out), "ab", out).group(1))
            failed = re.search(r"Failed requests:\s+(\d+)", out)
            non2xx = re.search(r"Non-2xx responses:\s+(\d+)", out)
            run.errors = (int(failed.group(1)) if failed else 0) + (int(non2xx.group(1)) if non2xx else 0)
            return run
        if generator.startswith("autocannon"):
            argv = [self.autocannon, "-j", "-c", str(c), "-d", str(d)]
            if rate:
                argv += ["--overallRate", f"{rate:g}"]
            if generator == "autocannon-C":
                argv += ["--ignoreCoordinatedOmission"]
            run, out, err = self.measured(argv + [url], "autocannon")
            lines = [line for line in out.splitlines() if line.startswith("{")]
            result = json.loads(need(lines, "autocannon", out + err)[-1])
            run.requests = int(result["requests"]["total"])
            run.errors = int(result.get("errors", 0)) + int(result.get("timeouts", 0)) + int(
                result.get("non2xx", 0))
            if rate:
                run.p50, run.p99 = result["latency"]["p50"], result["latency"]["p99"]
                run.note = "latency in whole ms"
                if generator == "autocannon":
                    recorded = int(result["latency"].get("totalCount", 0))
                    if recorded > run.requests:
                        run.note += f"; {recorded} latency samples for {run.requests} responses"
            return run
        if generator == "curl-floor":
            run, out, err = self.measured([a.libcurl_floor, url, str(c), str(d)], "curl-floor")
            lines = [line for line in out.splitlines() if line.startswith("{")]
            result = json.loads(need(lines, "bench_libcurl_floor", out + err)[-1])
            run.requests, run.errors = int(result["requests"]), int(result["errors"])
            if run.errors and err.strip():
                run.note = err.strip().splitlines()[0][:120]
            return run
        if generator.startswith("pg-"):
            return self.run_perf_gate(generator[3:], path, rate)
        raise ValueError(generator)

    def run_perf_gate(self, client, path, rate):
        a = self.args
        scenario = f"{self.workdir}/bench{path.replace('/', '-')}.yaml"
        with open(scenario, "w") as f:
            f.write(f"""name: bench
target: http://127.0.0.1:{self.port}
scenarios:
  - name: page
    steps:
      - name: page
        get: {path}
        check: {{ status: 200, body_contains: "benchmark" }}
profiles:
  baseline: {{ vus: {a.connections}, duration: {a.duration}s }}
""")
        results_path = f"{self.workdir}/results-{self.count + 1:03d}.json"
        argv = [a.perf_gate, "run", scenario, "--threads", "1", "--progress", "off",
                "--http-client", client, "--out", results_path]
        if rate:
            argv += ["--rate", f"{rate:g}", "--duration", f"{a.duration}s", "--max-vus",
                     str(a.connections)]
        run, out, err = self.measured(argv, f"pg-{client}")
        try:
            with open(results_path) as f:
                results = json.load(f)
        except (OSError, ValueError) as e:
            raise RuntimeError(f"perf-gate wrote no results ({e}):\n{(out + err)[-2000:]}")
        ran = results.get("meta", {}).get("http_client", client)
        if ran != client:
            raise RuntimeError(f"asked for --http-client {client}, the results say {ran}")
        totals = results["totals"]
        run.requests, run.errors = totals["requests"], totals["errors"]
        kinds = {k: v for k, v in totals.get("errors_by_kind", {}).items() if v}
        if kinds:
            run.note = "errors: " + ", ".join(f"{k} {v}" for k, v in kinds.items())
        if rate:
            sent = totals.get("latency_uncorrected_ms", totals["latency_ms"])
            run.p50, run.p99 = sent["p50"], sent["p99"]
            run.p50_sched, run.p99_sched = totals["latency_ms"]["p50"], totals["latency_ms"]["p99"]
            dropped = results.get("meta", {}).get("dropped_iterations", 0)
            if dropped:
                run.note = (run.note + "; " if run.note else "") + f"{dropped} dropped iterations"
        return run


def find_autocannon(args, workdir):
    if args.autocannon:
        return args.autocannon, ""
    found = shutil.which("autocannon")
    if found:
        return found, ""
    if args.no_npm or not shutil.which("npm"):
        return None, "autocannon not in PATH and npm not used: skipped"
    prefix = f"{workdir}/npm"
    try:
        subprocess.run(["npm", "install", "--prefix", prefix, "--no-audit", "--no-fund", "autocannon"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, timeout=300)
    except (subprocess.SubprocessError, OSError) as e:
        return None, f"npm install autocannon failed ({e}): skipped"
    path = f"{prefix}/node_modules/.bin/autocannon"
    return (path, "") if os.access(path, os.X_OK) else (None, "autocannon not installed: skipped")


def versions(available, autocannon):
    def first_line(argv):
        try:
            p = subprocess.run(argv, capture_output=True, text=True, timeout=10)
            text = (p.stdout + p.stderr).strip()
            return text.splitlines()[0] if text else "?"
        except (OSError, subprocess.SubprocessError):
            return "?"

    def deb(pkg):
        return first_line(["dpkg-query", "-W", "-f=${Version}", pkg])

    found = {"nginx": deb("nginx-light") if deb("nginx-light") != "?" else first_line(["nginx", "-v"])}
    for name, pkg in [("wrk", "wrk"), ("h2load", "nghttp2-client"), ("hey", "hey"),
                      ("ab", "apache2-utils")]:
        if name in available:
            found[name] = deb(pkg)
    if "curl-floor" in available or "pg-curl" in available:
        found["libcurl"] = deb("libcurl4")
    if "autocannon" in available:
        found["autocannon"] = first_line([autocannon, "--version"]).replace("autocannon ", "") + \
            " (node " + first_line(["node", "--version"]) + ")"
    return ", ".join(f"{k} {v}" for k, v in found.items())


def fmt_ms(value):
    if value is None:
        return "n/a"
    return f"{value:.0f}" if value >= 100 else f"{value:.2f}" if value < 10 else f"{value:.1f}"


def spread(values, fmt):
    values = [v for v in values if v is not None]
    if not values:
        return "n/a"
    med = statistics.median(values)
    if len(values) == 1:
        return fmt(med)
    return f"{fmt(med)} ({fmt(min(values))}–{fmt(max(values))})"


THREADS = {"wrk": "1 (-t1)", "h2load": "1 (-t1)", "hey": "GOMAXPROCS=1 (-cpus 1)",
           "ab": "1 (no option)", "autocannon": "1 event loop", "curl-floor": "1 (one multi loop)",
           "pg-curl": "1 (--threads 1)", "pg-native": "1 (--threads 1)"}
LABEL = {"pg-curl": "perf-gate `--http-client curl`", "pg-native": "perf-gate `--http-client native`",
         "autocannon": "autocannon (its default report)", "autocannon-C": "autocannon `-C`",
         "curl-floor": "libcurl alone (bare multi loop)"}


def default_libcurl_floor(perf_gate):
    """build/bench/bench_libcurl_floor beside --perf-gate's build/src/perf-gate."""
    build = os.path.dirname(os.path.dirname(os.path.abspath(perf_gate)))
    return os.path.join(build, "bench", "bench_libcurl_floor")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--perf-gate", default="build/src/perf-gate")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=int, default=5, help="seconds per load run")
    parser.add_argument("--rate", type=float, default=1000, help="requests/s of the latency runs")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", help="comma-separated subset of " + ",".join(GENERATORS))
    parser.add_argument("--no-rate", action="store_true", help="skip the fixed-rate runs")
    parser.add_argument("--autocannon", help="path of the autocannon executable")
    parser.add_argument("--libcurl-floor", help="path of bench_libcurl_floor (default: "
                        "build/bench/bench_libcurl_floor next to --perf-gate's build directory)")
    parser.add_argument("--no-npm", action="store_true", help="never npm-install autocannon")
    args = parser.parse_args()
    if not args.libcurl_floor:
        args.libcurl_floor = default_libcurl_floor(args.perf_gate)

    workdir = tempfile.mkdtemp(prefix="perfgate-peers-")
    try:
        report(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def report(args, workdir):
    """Runs every generator and prints the tables."""
    notes = []
    autocannon, note = find_autocannon(args, workdir)
    if note:
        notes.append(note)
    wanted = args.only.split(",") if args.only else GENERATORS
    available = []
    for gen in wanted:
        if gen not in GENERATORS:
            sys.exit(f"unknown generator {gen}")
        if gen == "autocannon":
            if autocannon:
                available.append(gen)
        elif gen == "curl-floor":
            if os.access(args.libcurl_floor, os.X_OK):
                available.append(gen)
            else:
                notes.append(f"{args.libcurl_floor} missing (build target bench_libcurl_floor, "
                             "or --libcurl-floor PATH): libcurl alone skipped")
        elif gen.startswith("pg-"):
            if not os.access(args.perf_gate, os.X_OK):
                sys.exit(f"{args.perf_gate} is not an executable")
            available.append(gen)
        elif shutil.which(gen):
            available.append(gen)
        else:
            notes.append(f"{gen} not installed: skipped")
    if not os.path.exists(ECHO_MODULE):
        sys.exit(f"{ECHO_MODULE} missing (libnginx-mod-http-echo)")
    if not os.access(GNU_TIME, os.X_OK):
        notes.append("no GNU time: peak RSS polled from /proc/PID/status VmHWM")

    rate_list = []
    for gen in available:
        rate_list.append(gen)
        if gen == "autocannon":
            rate_list.append("autocannon-C")
    nginx, port = start_nginx(workdir, args.connections, modules=[ECHO_MODULE],
                              locations="location = /sleep10 { echo_sleep 0.01; echo_exec /index.html; } ")
    bench = Bench(args, port, workdir, autocannon)
    # results[kind][endpoint][generator] = [Run per repeat]
    results = {"tput": {}, "rate": {}}
    loads = []
    try:
        for repeat in range(args.repeats):
            order = rate_list if repeat % 2 == 0 else rate_list[::-1]
            loads.append(os.getloadavg()[0])
            print(f"# repeat {repeat + 1}/{args.repeats}, load average {loads[-1]:.2f}, "
                  f"order {','.join(order)}", file=sys.stderr, flush=True)
            for kind in ("tput", "rate"):
                if kind == "rate" and args.no_rate:
                    continue
                for label, path in ENDPOINTS:
                    for gen in order:
                        if kind == "tput" and gen == "autocannon-C":
                            continue
                        if kind == "rate" and gen not in RATE_CAPABLE:
                            continue
                        try:
                            run = bench.run(gen, path, args.rate if kind == "rate" else None)
                        except RuntimeError as e:
                            notes.append(f"{gen} {kind} {path} repeat {repeat + 1} failed: {e}")
                            print(notes[-1], file=sys.stderr, flush=True)
                            continue
                        results[kind].setdefault(label, {}).setdefault(gen, []).append(run)
                        print(f"  {kind:4} {label:5} {gen:10} req {run.requests:8} err {run.errors:5} "
                              f"req/s {run.requests / args.duration:8.0f} cpu {run.cpu:5.2f} "
                              f"req/cpu-s {run.requests / run.cpu if run.cpu else 0:8.0f} "
                              f"rss {run.rss_kib / 1024:6.1f} MiB p50 {fmt_ms(run.p50)} "
                              f"p99 {fmt_ms(run.p99)} {run.note}", file=sys.stderr, flush=True)
    finally:
        nginx.send_signal(signal.SIGTERM)
        try:
            nginx.wait(timeout=10)
        except subprocess.TimeoutExpired:
            nginx.kill()
            nginx.wait()

    print(f"nginx on 127.0.0.1 (one process), {args.connections} connections, {args.duration} s "
          f"per run, {args.repeats} repeat(s) in alternating order; load average at each repeat's "
          f"start: {', '.join(f'{x:.2f}' for x in loads)}")
    print(f"Versions: {versions(available, autocannon)}")
    print()
    print("Throughput: requests per CPU-second of the generator process (median over the repeats, "
          "min–max in brackets); the ratio to wrk is taken within each repeat; req/s is requests "
          "/ --duration; errors per repeat.")
    for label, _ in ENDPOINTS:
        per_gen = results["tput"].get(label, {})
        wrk_runs = per_gen.get("wrk", [])
        print()
        print(f"**`{dict(ENDPOINTS)[label]}`** ({label if label != '/' else 'static page'})")
        print()
        print("| generator | threads | req/s | errors | req per CPU-s | / wrk | peak RSS MiB |")
        print("|---|---|---|---|---|---|---|")
        for gen in available:
            runs = per_gen.get(gen, [])
            if not runs:
                continue
            label = "autocannon" if gen == "autocannon" else LABEL.get(gen, gen)
            ratios = []
            for i, run in enumerate(runs):
                if i < len(wrk_runs) and wrk_runs[i].cpu and run.cpu:
                    ratios.append((run.requests / run.cpu) / (wrk_runs[i].requests / wrk_runs[i].cpu))
            print(f"| {label} | {THREADS[gen]} "
                  f"| {spread([r.requests / args.duration for r in runs], lambda v: f'{v:,.0f}')} "
                  f"| {'/'.join(str(r.errors) for r in runs)} "
                  f"| {spread([r.requests / r.cpu if r.cpu else None for r in runs], lambda v: f'{v:,.0f}')} "
                  f"| {spread(ratios, lambda v: f'{v:.2f}')} "
                  f"| {spread([r.rss_kib / 1024 for r in runs], lambda v: f'{v:.1f}')} |")
    if not args.no_rate:
        print()
        print(f"Fixed rate, {args.rate:g} requests/s over {args.connections} connections: latency "
              "in ms as each tool reports it, from the request's send (median over the repeats, "
              "min–max in brackets); perf-gate also reports it from each request's scheduled "
              "start (coordinated omission corrected, what it gates on). CPU % is of one core over "
              "--duration.")
        for label, _ in ENDPOINTS:
            per_gen = results["rate"].get(label, {})
            print()
            print(f"**`{dict(ENDPOINTS)[label]}`** at {args.rate:g} req/s")
            print()
            print("| generator | how | req/s achieved | errors | p50 ms | p99 ms | "
                  "p50 / p99 from schedule | CPU % | peak RSS MiB |")
            print("|---|---|---|---|---|---|---|---|---|")
            for gen in rate_list:
                runs = per_gen.get(gen, [])
                if gen in THROUGHPUT_ONLY:
                    continue
                if gen not in RATE_CAPABLE:
                    print(f"| {LABEL.get(gen, gen)} | no fixed-rate option | n/a | | n/a | n/a | | | |")
                    continue
                if not runs:
                    continue
                how = {"h2load": f"--rps {args.rate / args.connections:g} per client",
                       "hey": f"-q {args.rate / args.connections:g} per worker",
                       "autocannon": f"--overallRate {args.rate:g}",
                       "autocannon-C": f"--overallRate {args.rate:g} -C",
                       "pg-curl": f"--rate {args.rate:g} --max-vus {args.connections}",
                       "pg-native": f"--rate {args.rate:g} --max-vus {args.connections}"}[gen]
                sched = "–"
                if gen.startswith("pg-"):
                    sched = (f"{spread([r.p50_sched for r in runs], fmt_ms)} / "
                             f"{spread([r.p99_sched for r in runs], fmt_ms)}")
                print(f"| {LABEL.get(gen, gen)} | {how} "
                      f"| {spread([r.requests / args.duration for r in runs], lambda v: f'{v:,.0f}')} "
                      f"| {'/'.join(str(r.errors) for r in runs)} "
                      f"| {spread([r.p50 for r in runs], fmt_ms)} "
                      f"| {spread([r.p99 for r in runs], fmt_ms)} | {sched} "
                      f"| {spread([100 * r.cpu / args.duration for r in runs], lambda v: f'{v:.0f}')} "
                      f"| {spread([r.rss_kib / 1024 for r in runs], lambda v: f'{v:.1f}')} |")
        per = args.connections / args.rate
        print()
        print(f"- How the peers pace: h2load `--rps` and hey `-q` give every connection (worker) its "
              f"own timer, all started together, so they send bursts of {args.connections} requests "
              f"every {per * 1000:g} ms; nginx (one process) answers a burst one request after the "
              "other, and their percentiles include that queueing. perf-gate's open model starts "
              f"requests evenly, {1000 / args.rate:g} ms apart. autocannon `--overallRate` gives each "
              "connection a quota per second, sent back to back at the start of each second (full "
              "speed, then idle), and by default records each latency with HdrHistogram's "
              "coordinated-omission back-fill at an expected interval of ceil(1 / per-connection "
              "rate) = 1 ms, synthetic samples that outnumber the responses; `-C` records only the "
              "measured ones.")
    extra = sorted({f"{gen}: {run.note}" for kind in results.values() for per in kind.values()
                    for gen, runs in per.items() for run in runs
                    if run.note and not run.note.startswith(("p50/p99", "latency in"))})
    if notes or extra:
        print()
        for note in notes + extra:
            print(f"- {note}")


if __name__ == "__main__":
    main()
