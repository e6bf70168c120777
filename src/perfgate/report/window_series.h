// SPDX-License-Identifier: MIT
// Time series for the charts: per-window percentiles, requests, errors and active VUs of a run,
// downsampled by merging adjacent windows' histograms (exact, unlike averaging percentiles).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "perfgate/metrics/histogram.h"
#include "perfgate/metrics/run_metrics.h"
#include "perfgate/results/run_result.h"

namespace perfgate::report {

struct WindowPoint {
  double start_s = 0;  // offset of the (merged) window from the run's start
  double length_s = 0;
  double p50_ms = 0, p95_ms = 0, p99_ms = 0;  // 0 when the window has no requests
  int64_t requests = 0;
  int64_t errors = 0;
  int64_t active_vus = 0;  // peak over the merged windows
  int64_t dropped_iterations = 0;
};

// The total over all endpoints, at most `max_points` points (0: every window).
std::vector<WindowPoint> total_series(const results::RunResult& run, size_t max_points);
// One endpoint's series (no load data: active_vus stays 0).
std::vector<WindowPoint> endpoint_series(const metrics::EndpointSeries& endpoint,
                                         std::chrono::microseconds window_length,
                                         size_t max_points);

// How many windows go into one point so that `count` windows give at most `max_points`.
size_t group_size(size_t count, size_t max_points);

// Percentiles (ascending, in [0, 100]) of a compact histogram in its unit, with HdrHistogram's
// rule (the highest equivalent value of the slot where the count first reaches p% of the total).
std::vector<int64_t> compact_percentiles(const metrics::CompactHistogram& histogram,
                                         std::span<const double> percentiles);

}  // namespace perfgate::report
