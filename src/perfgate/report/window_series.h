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
  double start_s = 0;   // offset of the (merged) window from the run's start
  double length_s = 0;  // how much of the run it covers: less than full_length_s at the run's end
  double full_length_s = 0;  // the length a point of this series has when none of it is missing
  double p50_ms = 0, p95_ms = 0, p99_ms = 0;  // 0 when the window has no requests
  int64_t requests = 0;
  int64_t errors = 0;
  int64_t active_vus = 0;  // peak over the merged windows
  int64_t dropped_iterations = 0;
  // Fewer than a quarter of the series' median requests per point: its percentiles stand on
  // too few requests (the 17 requests of a run's last, cut-off window) and are only a hint.
  bool few_requests = false;

  // The run ended inside it (or it merged fewer windows than the others): its rates are per
  // second of length_s, but it is still a short sample.
  bool partial() const { return length_s < full_length_s * 0.999; }
};

// The total over all endpoints, at most `max_points` points (0: every window). The last
// window's length is what the run's measured duration leaves of it (a full window when the
// duration is unknown).
std::vector<WindowPoint> total_series(const results::RunResult& run, size_t max_points);
// One endpoint of `run` (no load data: active_vus stays 0), with the same lengths.
std::vector<WindowPoint> endpoint_series(const results::RunResult& run,
                                         const metrics::EndpointSeries& endpoint,
                                         size_t max_points);

// How many windows go into one point so that `count` windows give at most `max_points`.
size_t group_size(size_t count, size_t max_points);

// Percentiles (ascending, in [0, 100]) of a compact histogram in its unit, with HdrHistogram's
// rule (the highest equivalent value of the slot where the count first reaches p% of the total).
std::vector<int64_t> compact_percentiles(const metrics::CompactHistogram& histogram,
                                         std::span<const double> percentiles);

}  // namespace perfgate::report
