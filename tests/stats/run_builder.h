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
