#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs, idempotently, every Debian package perf-gate's build, tests and benchmarks need.
# Used by the README, .ci/run and the Dockerfile, so that CI proves the same steps.
#   scripts/setup.sh            build + test dependencies
#   scripts/setup.sh --runtime  only the shared libraries the binary needs at run time
set -euo pipefail

build_packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libcurl4-openssl-dev nlohmann-json3-dev libyaml-cpp-dev libboost-math-dev
  libcmark-gfm-dev libcmark-gfm-extensions-dev libfmt-dev libcli11-dev
  libgtest-dev libgmock-dev libssl-dev zlib1g-dev libsnappy-dev libhttp-parser-dev
)
# Servers and peers the tests and benchmarks drive on loopback, and the tools CI runs.
test_packages=(
  ccache nginx-light libnginx-mod-http-echo wrk python3 python3-scipy clang clang-format
  libclang-rt-14-dev chromium procps curl openssl influxdb prometheus
  # The HTML report's render tests: a text font, and the emoji font that once drew its digits
  # (tests/report/html_render_test.cpp checks that it no longer does).
  fonts-dejavu-core fonts-noto-color-emoji
)
runtime_packages=(
  libcurl4 libyaml-cpp0.7 libcmark-gfm0.29.0.gfm.6 libcmark-gfm-extensions0.29.0.gfm.6
  libfmt9 libssl3 zlib1g libsnappy1v5 ca-certificates
  # The native HTTP/1.1 client's parser: a Debug (sanitizer) build links it even before the
  # release binary calls it.
  libhttp-parser2.9
)

want=()
if [[ "${1:-}" == "--runtime" ]]; then
  want=("${runtime_packages[@]}")
else
  want=("${build_packages[@]}" "${test_packages[@]}")
fi

missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]} == 0)); then
  echo "setup: all ${#want[@]} packages present"
  exit 0
fi

sudo_cmd=()
[[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: installed ${missing[*]}"
