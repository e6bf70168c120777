#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The README's demo: builds perf-gate, starts a local nginx on a free loopback port (serving
# examples/), and runs the main job on it: three runs make the baseline's history, a fourth is
# gated against that baseline and the default thresholds, and the reports are written.
# Everything goes to out/demo/; nginx is stopped (by its PID) on exit.
#   scripts/demo.sh [--profile demo|smoke|open]
set -euo pipefail
cd "$(dirname "$0")/.."
profile=demo
[[ "${1:-}" == "--profile" && -n "${2:-}" ]] && profile=$2

bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target perf-gate -j "$(nproc)"
perf_gate=$PWD/build/src/perf-gate

out=$PWD/out/demo
rm -rf "$out" && mkdir -p "$out/nginx"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$out/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $out/nginx/nginx.pid;
error_log $out/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  types { application/json json; text/html html; }
  client_body_temp_path $out/nginx/body; proxy_temp_path $out/nginx/proxy;
  fastcgi_temp_path $out/nginx/fastcgi; uwsgi_temp_path $out/nginx/uwsgi; scgi_temp_path $out/nginx/scgi;
  server {
    listen 127.0.0.1:$port;
    root $PWD/examples;
    location = / { default_type application/json; try_files /demo.json =404; }
  }
}
CONF
/usr/sbin/nginx -c "$out/nginx/nginx.conf" -p "$out/nginx" &
nginx_pid=$!
trap 'kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
  sleep 0.1
done
target=http://127.0.0.1:$port
echo "demo: nginx (pid $nginx_pid) on $target"

# Three runs make the baseline: from two runs of history on, the gate measures the run-to-run
# noise instead of assuming the worst of it (one run alone mostly answers "inconclusive").
for n in 1 2 3; do
  echo "demo: run $n of 4 -> the baseline's history"
  "$perf_gate" run examples/demo.yaml --profile "$profile" --target "$target" --out "$out/run$n.json"
  "$perf_gate" baseline update "$out/run$n.json" --baseline "$out/baseline.json"
done

echo "demo: run 4 of 4 -> gated against the baseline and thresholds/default.yaml"
"$perf_gate" run examples/demo.yaml --profile "$profile" --target "$target" --out "$out/run4.json"
status=0
"$perf_gate" compare "$out/run4.json" --baseline "$out/baseline.json" \
  --thresholds thresholds/default.yaml --out "$out/verdict.json" || status=$?
"$perf_gate" report "$out/verdict.json" --results "$out/run4.json" --baseline "$out/baseline.json" \
  --markdown "$out/report.md" --html "$out/report.html" --junit "$out/junit.xml" || true
echo "demo: gate exit code $status; reports in $out (report.md, report.html, junit.xml)"
exit "$status"
