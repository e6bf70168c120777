// SPDX-License-Identifier: MIT
// RunMetrics: the measured part of a run — per endpoint totals and per-window series — as the
// engine produces it and as results files store it. Merges exactly (shards, threads): counters
// add, histograms add, windows align by their offset from the run's start.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "perfgate/metrics/endpoint_metrics.h"
#include "perfgate/metrics/histogram.h"

namespace perfgate::metrics {

// One endpoint in one time window: enough to treat windows as samples, and to merge exactly.
struct EndpointWindow {
  int64_t requests = 0;
  int64_t errors = 0;
  CompactHistogram latency;  // gating latency, µs
  void merge(const EndpointWindow& other);
};

// The load side of one window: what the generator did.
struct LoadWindow {
  int64_t iterations_started = 0;
  int64_t dropped_iterations = 0;
  int64_t active_vus_max = 0;  // peak concurrent VUs (closed) or in-flight iterations (open)
  void merge(const LoadWindow& other);  // sums counts; active VUs add (shards run side by side)
};

struct EndpointSeries {
  std::string name;
  EndpointMetrics totals;
  std::vector<EndpointWindow> windows;  // index i covers [start + i·window, start + (i+1)·window)
};

struct RunMetrics {
  std::chrono::microseconds window_length{1'000'000};
  std::vector<EndpointSeries> endpoints;  // in scenario order
  std::vector<LoadWindow> load;           // same indexing as the endpoint windows
  int64_t iterations = 0;                 // completed scenario iterations
  int64_t dropped_iterations = 0;         // open model: could not start (max VUs busy)

  // The endpoint by name, or nullptr.
  const EndpointSeries* find(std::string_view name) const;
  EndpointSeries& get_or_add(std::string_view name);
  // All endpoints merged into one (the results file's `totals`).
  EndpointMetrics total() const;
  // Per-window totals across endpoints.
  std::vector<EndpointWindow> total_windows() const;
  int64_t window_count() const;
  // Adds `other` in: endpoints by name (new ones appended), windows by index, `other`'s window i
  // landing on window i + window_offset (a shard that started that many windows later).
  // REQUIRES: the same window_length; window_offset >= 0. Returns the histogram samples that did
  // not fit.
  int64_t merge(const RunMetrics& other, int64_t window_offset = 0);
};

}  // namespace perfgate::metrics
