#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Proves that the repository is self-contained: copies its files (tracked and new, no build
# directories) to build-self-contained/perf-gate, where nothing lies beside it (no ../shared),
# builds the copy there and runs its test suite. With ccache the copy's objects are mostly the
# main build's (base_dir is set to the repository), so this costs little more than a test run.
#   scripts/check-self-contained.sh [extra ctest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
outer="$root/build-self-contained"
copy="$outer/perf-gate"

# No file may send a reader, the build or the tests outside the repository.
pattern='\.\./''shared'
if git grep --untracked -nE "$pattern" -- . ':!scripts/check-self-contained.sh'; then
  echo "check-self-contained: the files above point outside the repository" >&2
  exit 1
fi

rm -rf "$outer"
mkdir -p "$copy"
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' file; do
  [[ -e "$file" ]] && printf '%s\0' "$file"
done | tar --null -T - -cf - | tar -xf - -C "$copy"
for beside in "$outer"/*; do
  [[ "$beside" == "$copy" ]] || { echo "check-self-contained: $beside beside the copy" >&2; exit 1; }
done

export CCACHE_BASEDIR="$root"
cmake -S "$copy" -B "$copy/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPERFGATE_WERROR=ON \
  -DPERFGATE_BENCH=OFF >/dev/null
cmake --build "$copy/build" -j "$(nproc)"
ctest --test-dir "$copy/build" --output-on-failure --timeout 600 "$@"
rm -rf "$outer"
echo "check-self-contained: the suite passes from a copy with nothing beside it"
