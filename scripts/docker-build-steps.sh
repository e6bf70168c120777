#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Dockerfile's RUN steps, as a script that CI can run without Docker.
#   scripts/docker-build-steps.sh build [BUILD_DIR]    build stage: setup.sh, the CI's cmake build, strip
#   scripts/docker-build-steps.sh runtime              runtime stage: runtime libraries
#   scripts/docker-build-steps.sh check [BINARY]       CI: the Dockerfile names only files that exist,
#                                                      and every library the binary needs comes from
#                                                      a package that `setup.sh --runtime` installs
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
build() {
  local build_dir="${1:-$root/build-docker}"
  "$here/setup.sh"
  cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPERFGATE_WERROR=ON \
    -DPERFGATE_BENCH=OFF
  cmake --build "$build_dir" --target perf-gate -j"$(nproc)"
  strip "$build_dir/src/perf-gate"
  "$build_dir/src/perf-gate" --version
}

runtime() {
  "$here/setup.sh" --runtime
  rm -rf /var/lib/apt/lists/*
}

# Every COPY source and every script a RUN names must exist in the repository.
check_dockerfile() {
  local dockerfile="$root/Dockerfile" missing=0 path
  while read -r path; do
    [[ -e "$root/$path" ]] || { echo "Dockerfile names $path, which does not exist" >&2; missing=1; }
  done < <(
    grep -E '^(COPY|ADD) ' "$dockerfile" | grep -v -- '--from=' |
      awk '{for (i = 2; i < NF; i++) if ($i !~ /^--/) print $i}' | grep -v '^\.$'
    grep -oE '(scripts|/src/scripts)/[A-Za-z0-9_./-]+\.sh' "$dockerfile" | sed 's#^/src/##'
  )
  return "$missing"
}

# The Debian package that owns a library; with merged /usr, dpkg may know it under /lib or /usr/lib.
package_of() {
  local real candidate
  real="$(readlink -f "$1")"
  for candidate in "$1" "$real" "${real#/usr}" "/usr$real" "$(dirname "$1")/$(basename "$real")"; do
    # sed reads everything (head would close the pipe early: SIGPIPE under pipefail).
    dpkg -S "$candidate" 2>/dev/null | sed -n '1s/:.*//p' | grep . && return 0
  done
  return 0
}

# The binary's direct shared-library needs, each mapped to its Debian package.
check_runtime_libraries() {
  local binary="$1" wanted missing=0 lib path pkg
  wanted=" $(sed -n '/^runtime_packages=(/,/^)/p' "$here/setup.sh" | tr -d '()' | tr '\n' ' ') "
  # Always present in debian:bookworm-slim.
  wanted+=" libc6 libstdc++6 libgcc-s1 "
  for lib in $(readelf -d "$binary" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
    # A sanitizer build (CI's ASan job runs this check too) links its runtime; the image's
    # Release build never does.
    case "$lib" in libasan.so* | libubsan.so* | libtsan.so* | liblsan.so*) continue ;; esac
    path="$(ldconfig -p | awk -v l="$lib" '$1 == l && !found {print $NF; found = 1}')"
    pkg="$(package_of "$path")"
    if [[ -z "$pkg" || "$wanted" != *" $pkg "* ]]; then
      echo "$lib (${pkg:-no package}) is not installed by setup.sh --runtime" >&2
      missing=1
    fi
  done
  return "$missing"
}

case "${1:-}" in
  build) build "${2:-}" ;;
  runtime) runtime ;;
  check)
    check_dockerfile
    # GitHub runs container actions as the default (root) user; a USER line breaks writes to a
    # root-owned workspace and to the file-command files.
    if grep -qE '^USER ' "$root/Dockerfile"; then
      echo "Dockerfile sets USER: container actions must run as the default (root) user" >&2
      exit 1
    fi
    check_runtime_libraries "${2:-$root/build/src/perf-gate}"
    echo "docker-build-steps: Dockerfile and runtime libraries check out"
    ;;
  *) echo "usage: $0 build [BUILD_DIR] | runtime | check [BINARY]" >&2; exit 2 ;;
esac
