// SPDX-License-Identifier: MIT
#include "perfgate/metrics/run_metrics.h"

#include <algorithm>

#include "perfgate/util/assert.h"

namespace perfgate::metrics {

void EndpointWindow::merge(const EndpointWindow& other) {
  add_saturating(requests, other.requests);
  add_saturating(errors, other.errors);
  latency.merge(other.latency);
}

void LoadWindow::merge(const LoadWindow& other) {
  add_saturating(iterations_started, other.iterations_started);
  add_saturating(dropped_iterations, other.dropped_iterations);
  add_saturating(active_vus_max, other.active_vus_max);
}

const EndpointSeries* RunMetrics::find(std::string_view name) const {
  for (const EndpointSeries& series : endpoints) {
    if (series.name == name) return &series;
  }
  return nullptr;
}

EndpointSeries& RunMetrics::get_or_add(std::string_view name) {
  for (EndpointSeries& series : endpoints) {
    if (series.name == name) return series;
  }
  endpoints.emplace_back();
  endpoints.back().name = std::string(name);
  return endpoints.back();
}

EndpointMetrics RunMetrics::total() const {
  EndpointMetrics sum;
  for (const EndpointSeries& series : endpoints) sum.merge(series.totals);
  return sum;
}

int64_t RunMetrics::window_count() const {
  size_t count = load.size();
  for (const EndpointSeries& series : endpoints) count = std::max(count, series.windows.size());
  return static_cast<int64_t>(count);
}

std::vector<EndpointWindow> RunMetrics::total_windows() const {
  std::vector<EndpointWindow> sum(static_cast<size_t>(window_count()));
  for (const EndpointSeries& series : endpoints) {
    for (size_t i = 0; i < series.windows.size(); ++i) sum[i].merge(series.windows[i]);
  }
  return sum;
}

int64_t RunMetrics::merge(const RunMetrics& other, int64_t window_offset) {
  PG_ASSERT(window_length == other.window_length);
  PG_ASSERT(window_offset >= 0);
  const auto shift = static_cast<size_t>(window_offset);
  int64_t dropped = 0;
  for (const EndpointSeries& theirs : other.endpoints) {
    EndpointSeries& ours = get_or_add(theirs.name);
    add_saturating(dropped, ours.totals.merge(theirs.totals));
    if (!theirs.windows.empty() && ours.windows.size() < theirs.windows.size() + shift)
      ours.windows.resize(theirs.windows.size() + shift);
    for (size_t i = 0; i < theirs.windows.size(); ++i)
      ours.windows[i + shift].merge(theirs.windows[i]);
  }
  if (!other.load.empty() && load.size() < other.load.size() + shift)
    load.resize(other.load.size() + shift);
  for (size_t i = 0; i < other.load.size(); ++i) load[i + shift].merge(other.load[i]);
  add_saturating(iterations, other.iterations);
  add_saturating(dropped_iterations, other.dropped_iterations);
  return dropped;
}

}  // namespace perfgate::metrics
