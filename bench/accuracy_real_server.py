#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The gate's accuracy against a real server on loopback (the real-server mode of the accuracy
benchmark; bench/accuracy.cpp is the simulated one with >= 1,000 gates per point).

Starts a small asyncio HTTP server on a free 127.0.0.1 port whose two endpoints answer after a
configurable delay (10 ms and 30 ms, with log-normal jitter), builds a history baseline from
--history runs of `perf-gate run`, then gates --gates A/A runs (no change) and --gates runs per
injected regression (the server's delays multiplied by 1 + size) with `perf-gate compare`, and
prints how many gates failed. Every run is bounded (--duration), all traffic stays on loopback.

    bench/accuracy_real_server.py --perf-gate build/src/perf-gate [--history 6] [--gates 10]
                                  [--sizes 0.2,0.5] [--duration 5s] [--vus 10]
"""
import argparse
import asyncio
import json
import math
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading


class DelayServer:
    """GET /work?ms=N answers after N ms x factor x jitter; POST-less control via set_factor()."""

    def __init__(self, jitter_sigma=0.15):
        self.factor = 1.0
        self.jitter_sigma = jitter_sigma
        self.loop = asyncio.new_event_loop()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()
        self.ready.wait(10)

    def _serve(self):
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(
            asyncio.start_server(self._handle, "127.0.0.1", self.port, backlog=512))
        self.server = server
        self.ready.set()
        self.loop.run_forever()

    async def _handle(self, reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                line = head.split(b"\r\n", 1)[0].decode("latin-1")
                path = line.split(" ")[1] if " " in line else "/"
                ms = 10.0
                if "ms=" in path:
                    ms = float(path.split("ms=", 1)[1].split("&", 1)[0])
                delay = ms * self.factor * math.exp(random.gauss(0, self.jitter_sigma)) / 1000
                await asyncio.sleep(delay)
                body = b'{"ok":true}'
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    def set_factor(self, factor):
        self.factor = factor

    def stop(self):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


SCENARIO = """name: accuracy-real
target: http://127.0.0.1:1
scenarios:
  - name: client
    steps:
      - name: fast
        get: /work?ms=10
        check: {{ status: 200 }}
      - name: slow
        get: /work?ms=30
        check: {{ status: 200 }}
profiles:
  gate: {{ vus: {vus}, duration: {duration} }}
"""


def run(cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=600)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--perf-gate", required=True)
    parser.add_argument("--history", type=int, default=6)
    parser.add_argument("--gates", type=int, default=10)
    parser.add_argument("--sizes", default="0.2,0.5")
    parser.add_argument("--duration", default="5s")
    parser.add_argument("--vus", type=int, default=10)
    args = parser.parse_args()

    server = DelayServer()
    work = tempfile.mkdtemp(prefix="perf-gate-accuracy-")
    scenario = os.path.join(work, "scenario.yaml")
    with open(scenario, "w") as f:
        f.write(SCENARIO.format(vus=args.vus, duration=args.duration))
    target = f"http://127.0.0.1:{server.port}"
    baseline = os.path.join(work, "baseline.json")
    counter = [0]

    def one_run():
        counter[0] += 1
        out = os.path.join(work, f"run{counter[0]}.json")
        r = run([args.perf_gate, "run", scenario, "--profile", "gate", "--target", target,
                 "--out", out, "--progress", "off"])
        if r.returncode != 0:
            sys.exit(f"perf-gate run failed ({r.returncode}): {r.stderr}")
        return out

    p95s = []
    for i in range(args.history):
        out = one_run()
        p95s.append(json.load(open(out))["totals"]["latency_ms"]["p95"])
        r = run([args.perf_gate, "baseline", "update", out, "--baseline", baseline])
        if r.returncode != 0:
            sys.exit(f"baseline update failed: {r.stderr}")
    mean = sum(p95s) / len(p95s)
    cv = math.sqrt(sum((p - mean) ** 2 for p in p95s) / max(1, len(p95s) - 1)) / mean
    print(f"history: {args.history} runs, total p95 {mean:.2f} ms, run-to-run CV {100 * cv:.1f}%")

    print(f"{'injected':>10} {'gates':>6} {'failed':>7} {'warned':>7}")
    for size in [0.0] + [float(s) for s in args.sizes.split(",") if s]:
        server.set_factor(1.0 + size)
        failed = warned = 0
        for _ in range(args.gates):
            out = one_run()
            verdict = os.path.join(work, "verdict.json")
            r = run([args.perf_gate, "compare", out, "--baseline", baseline, "--out", verdict])
            if r.returncode not in (0, 1):
                sys.exit(f"compare failed ({r.returncode}): {r.stderr}")
            status = json.load(open(verdict))["verdict"]
            failed += status == "fail"
            warned += status == "warn"
        label = "A/A" if size == 0 else f"+{100 * size:.0f}%"
        print(f"{label:>10} {args.gates:>6} {failed:>7} {warned:>7}")
    server.stop()


if __name__ == "__main__":
    main()
