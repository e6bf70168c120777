// SPDX-License-Identifier: MIT
// Writes a long soak results file (issue 11), to measure `baseline update` and reading on it:
//   bench_soak_file OUT.json [WINDOWS=86400] [ENDPOINTS=2]
//   /usr/bin/time -v perf-gate baseline update OUT.json --baseline b.json
#include <fmt/format.h>

#include <cstdlib>
#include <string>

#include "../tests/results/soak_run.h"
#include "perfgate/results/result_file.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: bench_soak_file OUT.json [WINDOWS] [ENDPOINTS]\n");
    return 2;
  }
  int64_t windows = argc > 2 ? std::atoll(argv[2]) : 86'400;
  int endpoints = argc > 3 ? std::atoi(argv[3]) : 2;
  auto run = perfgate::test::soak_run(windows, endpoints);
  auto written = perfgate::results::write_result_file(argv[1], run);
  if (!written) {
    fmt::print(stderr, "{}\n", written.error().describe());
    return 1;
  }
  return 0;
}
