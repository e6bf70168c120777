// SPDX-License-Identifier: MIT
// Builds RunResults in memory for the stats tests: requests recorded straight into histograms.
#pragma once

#include <chrono>
#include <string>

#include "perfgate/metrics/histogram.h"
#include "perfgate/results/run_result.h"

namespace perfgate::test {

inline results::RunResult make_run(const std::string& scenario = "shop",
                                   const std::string& profile = "baseline",
                                   std::chrono::seconds duration = std::chrono::seconds{10}) {
  results::RunResult run;
  run.meta.scenario = scenario;
  run.meta.profile = profile;
  run.meta.model = "closed";
  run.meta.duration = duration;
  run.meta.git_sha = "0123456789abcdef";
  run.meta.start_time = std::chrono::system_clock::time_point{std::chrono::seconds{1'795'000'000}};
  return run;
}

// Records `count` requests of `latency_us` into `endpoint`'s totals and window `window`;
// `errors` of them count as HTTP 5xx errors.
inline void add_requests(results::RunResult& run, const std::string& endpoint, size_t window,
                         int64_t latency_us, int64_t count, int64_t errors = 0) {
  metrics::EndpointSeries& series = run.metrics.get_or_add(endpoint);
  series.totals.requests += count;
  series.totals.latency.record(latency_us, count);
  series.totals.latency_uncorrected.record(latency_us, count);
  for (int64_t i = 0; i < errors; ++i) series.totals.count_error(metrics::ErrorKind::http_5xx);
  if (series.windows.size() <= window) series.windows.resize(window + 1);
  metrics::EndpointWindow& slot = series.windows[window];
  slot.requests += count;
  slot.errors += errors;
  metrics::Histogram histogram = slot.latency.expand();
  histogram.record(latency_us, count);
  slot.latency = metrics::CompactHistogram::from(histogram);
}

}  // namespace perfgate::test

#include <cmath>
#include <random>
#include <vector>

namespace perfgate::test {

// Records one window's latencies (µs) into `endpoint` at once.
inline void add_window(results::RunResult& run, const std::string& endpoint, size_t window,
                       const std::vector<int64_t>& latencies_us, int64_t errors = 0) {
  metrics::EndpointSeries& series = run.metrics.get_or_add(endpoint);
  metrics::Histogram histogram;
  for (int64_t latency : latencies_us) {
    histogram.record(latency);
    series.totals.latency.record(latency);
    series.totals.latency_uncorrected.record(latency);
  }
  auto count = static_cast<int64_t>(latencies_us.size());
  series.totals.requests += count;
  for (int64_t i = 0; i < errors; ++i) series.totals.count_error(metrics::ErrorKind::http_5xx);
  if (series.windows.size() <= window) series.windows.resize(window + 1);
  series.windows[window].requests += count;
  series.windows[window].errors += errors;
  series.windows[window].latency = metrics::CompactHistogram::from(histogram);
}

// A run of `windows` 1 s windows per endpoint, `per_window` log-normal latencies each (median
// `median_ms` × `scale`, σ = 0.3), seeded: the same seed gives the same run.
inline results::RunResult noisy_run(uint64_t seed, double scale, int windows = 30,
                                    int per_window = 300, double median_ms = 100) {
  results::RunResult run = make_run("shop", "baseline", std::chrono::seconds{windows});
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0, 0.3);
  for (const char* endpoint : {"login", "search"}) {
    for (int w = 0; w < windows; ++w) {
      std::vector<int64_t> latencies;
      for (int i = 0; i < per_window; ++i) {
        latencies.push_back(static_cast<int64_t>(median_ms * 1000 * scale * std::exp(normal(rng))));
      }
      add_window(run, endpoint, static_cast<size_t>(w), latencies);
    }
  }
  return run;
}

}  // namespace perfgate::test
