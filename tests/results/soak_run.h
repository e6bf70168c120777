// SPDX-License-Identifier: MIT
// A long soak run built in memory (issue 11): `windows` one-second windows per endpoint, a few
// requests each with seeded latencies, for the tests (and bench_soak_file) that check that
// reading, writing and folding a 24 h run stay fast and bounded.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>
#include <string>

#include "perfgate/results/run_result.h"

namespace perfgate::test {

inline results::RunResult soak_run(int64_t windows, int endpoints = 2, int per_window = 5,
                                   uint64_t seed = 11) {
  results::RunResult run;
  run.meta.scenario = "soak";
  run.meta.profile = "soak";
  run.meta.model = "closed";
  run.meta.target = "http://127.0.0.1:8080";
  run.meta.duration = std::chrono::seconds(windows);
  run.meta.start_time = std::chrono::system_clock::time_point{std::chrono::seconds{1'795'000'000}};
  run.meta.perf_gate_version = "test";
  run.metrics.window_length = std::chrono::seconds(1);
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> latency_us(std::log(20'000.0), 0.3);
  for (int e = 0; e < endpoints; ++e) {
    metrics::EndpointSeries& series = run.metrics.get_or_add("endpoint" + std::to_string(e));
    series.windows.resize(static_cast<size_t>(windows));
    for (int64_t w = 0; w < windows; ++w) {
      metrics::Histogram window;
      for (int i = 0; i < per_window; ++i) {
        auto value = static_cast<int64_t>(latency_us(rng));
        window.record(value);
        series.totals.latency.record(value);
        series.totals.latency_uncorrected.record(value);
        series.totals.status_counts[200] += 1;
      }
      series.totals.requests += per_window;
      auto& slot = series.windows[static_cast<size_t>(w)];
      slot.requests = per_window;
      slot.latency = metrics::CompactHistogram::from(window);
    }
  }
  run.metrics.load.resize(static_cast<size_t>(windows));
  return run;
}

}  // namespace perfgate::test
