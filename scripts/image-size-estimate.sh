#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Estimates, without Docker, what the Action image's runtime stage adds to debian:bookworm-slim:
# the installed size of the runtime packages that `setup.sh --runtime` installs together with
# their dependency closure (Depends and Pre-Depends; the stage installs no recommends), minus what
# the base image already has (a minbase Debian: the Priority: required packages and apt, with
# their dependencies), plus the stripped binary. Uses this machine's apt metadata (Debian 12), so
# run it on Debian 12. An estimate: Installed-Size is what dpkg declares (KiB, rounded up per
# package), and the base set is approximated by priority rather than read from the image.
#   scripts/image-size-estimate.sh [BINARY]     (default build/src/perf-gate)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
binary="${1:-$here/../build/src/perf-gate}"

closure() {
  apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
    --no-replaces --no-enhances "$@" 2>/dev/null |
    grep -v '^ ' | grep -v '^<' | sed 's/:amd64$//' | sort -u
}

mapfile -t runtime < <(sed -n '/^runtime_packages=(/,/^)/p' "$here/setup.sh" |
  sed 's/runtime_packages=(//; s/)//' | tr ' ' '\n' | grep .)
mapfile -t required < <(dpkg-query -W -f='${Package} ${Priority}\n' | awk '$2 == "required" {print $1}')
packages="$(mktemp)"
trap 'rm -f "$packages"' EXIT
comm -23 <(closure "${runtime[@]}") <(closure "${required[@]}" apt) >"$packages"

total_kib=0
while read -r pkg; do
  size="$(apt-cache show --no-all-versions "$pkg" 2>/dev/null | sed -n 's/^Installed-Size: //p' | sed -n 1p)"
  printf '%8s KiB  %s\n' "${size:-?}" "$pkg"
  total_kib=$((total_kib + ${size:-0}))
done <"$packages"

stripped="$(mktemp)"
strip -o "$stripped" "$binary"
binary_kib=$(( ($(stat -c %s "$stripped") + 1023) / 1024 ))
rm -f "$stripped"
echo "packages added to debian:bookworm-slim: $(wc -l <"$packages"), ${total_kib} KiB"
echo "perf-gate binary (stripped): ${binary_kib} KiB"
echo "runtime stage adds about $(( (total_kib + binary_kib + 512) / 1024 )) MiB to debian:bookworm-slim"
