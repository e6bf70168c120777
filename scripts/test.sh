#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds perf-gate with warnings as errors and runs every test (ctest). The README's test command.
#   scripts/test.sh [extra ctest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
build_dir=${PERFGATE_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPERFGATE_WERROR=ON
cmake --build "$build_dir" -j "$(nproc)"
# One test at a time: the integration tests measure latency against local servers, and a
# neighbouring test's load would make those measurements (not the assertions' logic) noisy.
ctest --test-dir "$build_dir" --output-on-failure --timeout 600 "$@"
