#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The sanitizer and fuzz jobs CI runs after the main test run:
#   1. every test under AddressSanitizer + UndefinedBehaviorSanitizer;
#   2. the engine and live-metrics tests (threads: workers, coordinator, sink senders) under
#      ThreadSanitizer;
#   3. each libFuzzer target in fuzz/ (clang) for a short, bounded time on its seed corpus.
# Warnings are not errors here: sanitizer instrumentation makes GCC report uninitialized values
# inside libstdc++ (<regex>) that the plain -Werror build, which CI also runs, does not.
#   scripts/sanitize.sh [asan|tsan|fuzz]...   (default: all three)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=("$@")
((${#jobs[@]})) || jobs=(asan tsan fuzz)
fuzz_seconds=${PERFGATE_FUZZ_SECONDS:-20}

for job in "${jobs[@]}"; do
  case "$job" in
    asan)
      cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
        -DPERFGATE_SANITIZE="address;undefined" -DPERFGATE_BENCH=OFF
      cmake --build build-asan -j "$(nproc)"
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --test-dir build-asan --output-on-failure --timeout 900
      ;;
    tsan)
      cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DPERFGATE_SANITIZE=thread -DPERFGATE_BENCH=OFF
      cmake --build build-tsan -j "$(nproc)" --target engine_tests live_tests perf-gate
      TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
        ctest --test-dir build-tsan -L 'engine|live' --output-on-failure --timeout 900
      ;;
    fuzz)
      CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DPERFGATE_FUZZ=ON -DPERFGATE_SANITIZE="address;undefined" -DPERFGATE_TESTS=OFF \
        -DPERFGATE_BENCH=OFF
      # Only the fuzzers (each links just the modules it names), not the whole project.
      mapfile -t fuzz_targets < <(for f in fuzz/*.cpp; do n=$(basename "$f" .cpp); echo "fuzz_$n"; done)
      cmake --build build-fuzz -j "$(nproc)" --target "${fuzz_targets[@]}"
      for fuzzer in build-fuzz/fuzz/fuzz_*; do
        [[ -x "$fuzzer" ]] || continue
        name=$(basename "$fuzzer"); name=${name#fuzz_}
        corpus=fuzz/corpus/$name
        work=$(mktemp -d)
        [[ -d "$corpus" ]] && cp -r "$corpus"/. "$work"/
        artifacts=build-fuzz/artifacts/$name
        rm -rf "$artifacts" && mkdir -p "$artifacts"
        echo "fuzz: $name for ${fuzz_seconds}s"
        if ! "$fuzzer" -seed=1 -max_total_time="$fuzz_seconds" -rss_limit_mb=2048 -timeout=10 \
            -artifact_prefix="$artifacts/" "$work" > "$work.log" 2>&1; then
          # The end of the report and the input that broke it, gzipped, so that CI's log alone
          # reproduces it: base64 -d | gunzip > input; build-fuzz/fuzz/fuzz_NAME input
          tail -n 60 "$work.log"
          inputs=("$artifacts"/*)
          [[ -e "${inputs[0]}" ]] || echo "fuzz: $name wrote no input (it failed before fuzzing?)"
          for input in "${inputs[@]}"; do
            [[ -e "$input" ]] || continue
            echo "fuzz: input $input ($(wc -c < "$input") bytes, gzip | base64):"
            gzip -c "$input" | base64 -w0
            echo
          done
          rm -rf "$work" "$work.log"
          exit 1
        fi
        tail -n 1 "$work.log"
        rm -rf "$work" "$work.log"
      done
      ;;
    *) echo "sanitize: unknown job '$job' (asan, tsan, fuzz)" >&2; exit 2 ;;
  esac
done
