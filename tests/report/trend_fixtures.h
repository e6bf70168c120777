// SPDX-License-Identifier: MIT
// A baseline with a history of runs for the trend tests: login slows down a little with every
// commit, search and cart stay put.
#pragma once

#include <fmt/format.h>

#include <optional>

#include "perfgate/stats/baseline.h"
#include "report/report_fixtures.h"

namespace perfgate::report::test {

// A run of `windows` windows at commit number `commit`.
inline results::RunResult commit_run(int commit, int windows = 20) {
  double login_ms = 300 * (1 + 0.02 * commit);
  results::RunResult run = make_run({{"login", login_ms}, {"search", 20, 80}, {"cart", 35, 30, 1}},
                                    windows, fmt::format("{:07x}00000000", 0xa11ce00 + commit));
  run.meta.start_time = std::chrono::system_clock::time_point(std::chrono::hours(24 * commit));
  return run;
}

// The baseline after `runs` commits (history oldest first).
inline stats::Baseline baseline_with_history(int runs) {
  std::optional<stats::Baseline> baseline;
  for (int commit = 0; commit < runs; ++commit) {
    baseline = stats::update_baseline(std::move(baseline), commit_run(commit)).value();
  }
  return std::move(*baseline);
}

}  // namespace perfgate::report::test
