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

# The repository's files: tracked and new ones from git, or (no git) everything but builds.
list_files() {
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' file; do
      if [[ -e "$file" ]]; then printf '%s\0' "$file"; fi
    done
  else
    find . \( -path './build*' -o -path './out' -o -path './.git' \) -prune -o -type f -print0
  fi
}

# No file may send a reader, the build or the tests outside the repository.
pattern='\.\./''shared'
if list_files | grep -zv '^\(\./\)\?scripts/check-self-contained\.sh$' |
    xargs -0 grep -nIE "$pattern" --; then
  echo "check-self-contained: the files above point outside the repository" >&2
  exit 1
fi

rm -rf "$outer"
mkdir -p "$copy"
list_files | tar --null -T - -cf - | tar -xf - -C "$copy"
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
