// SPDX-License-Identifier: MIT
#include "perfgate/report/window_series.h"

#include <algorithm>
#include <cmath>

namespace perfgate::report {
namespace {

constexpr double k_us_per_ms = 1000.0;
constexpr double k_percentiles[] = {50.0, 95.0, 99.0};

// Slot index -> value math only; never records.
const metrics::Histogram& reference_histogram() {
  static const metrics::Histogram histogram(metrics::k_latency_config);
  return histogram;
}

// The windows' length and how far into the run the measurement went (0: unknown).
struct Timing {
  double window_s = 1;
  double measured_s = 0;
};

Timing timing_of(const results::RunResult& run) {
  return {static_cast<double>(run.metrics.window_length.count()) / 1e6,
          static_cast<double>(run.meta.duration.count()) / 1e6};
}

WindowPoint point_from(const metrics::EndpointWindow& merged, size_t first, size_t count,
                       size_t group, const Timing& timing) {
  WindowPoint point;
  point.start_s = static_cast<double>(first) * timing.window_s;
  point.full_length_s = static_cast<double>(group) * timing.window_s;
  point.length_s = static_cast<double>(count) * timing.window_s;
  if (timing.measured_s > point.start_s) {
    // The engine counts windows and measures the duration from the same instant (the end of
    // warm-up), so the run's last window covers only what the duration leaves of it.
    point.length_s = std::min(point.length_s, timing.measured_s - point.start_s);
  }
  point.requests = merged.requests;
  point.errors = merged.errors;
  if (!merged.latency.empty()) {
    std::vector<int64_t> values = compact_percentiles(merged.latency, k_percentiles);
    point.p50_ms = static_cast<double>(values[0]) / k_us_per_ms;
    point.p95_ms = static_cast<double>(values[1]) / k_us_per_ms;
    point.p99_ms = static_cast<double>(values[2]) / k_us_per_ms;
  }
  return point;
}

void mark_few_requests(std::vector<WindowPoint>& points) {
  if (points.empty()) return;
  std::vector<int64_t> requests;
  for (const WindowPoint& point : points) requests.push_back(point.requests);
  auto middle = requests.begin() + static_cast<std::ptrdiff_t>(requests.size() / 2);
  std::nth_element(requests.begin(), middle, requests.end());
  for (WindowPoint& point : points) {
    point.few_requests = point.requests > 0 && point.requests * 4 < *middle;
  }
}

std::vector<WindowPoint> series_of(const std::vector<metrics::EndpointWindow>& windows,
                                   const Timing& timing, size_t max_points) {
  size_t group = group_size(windows.size(), max_points);
  std::vector<WindowPoint> points;
  for (size_t first = 0; first < windows.size(); first += group) {
    size_t count = std::min(group, windows.size() - first);
    metrics::EndpointWindow merged;
    for (size_t i = first; i < first + count; ++i) merged.merge(windows[i]);
    points.push_back(point_from(merged, first, count, group, timing));
  }
  mark_few_requests(points);
  return points;
}

}  // namespace

size_t group_size(size_t count, size_t max_points) {
  if (max_points == 0 || count <= max_points) return 1;
  return (count + max_points - 1) / max_points;
}

std::vector<int64_t> compact_percentiles(const metrics::CompactHistogram& histogram,
                                         std::span<const double> percentiles) {
  std::vector<int64_t> values(percentiles.size(), 0);
  int64_t total = histogram.total_count();
  if (total == 0) return values;
  const metrics::Histogram& reference = reference_histogram();
  size_t next = 0;
  int64_t cumulative = 0;
  for (const metrics::CompactHistogram::Slot& slot : histogram.slots()) {
    cumulative += slot.count;
    while (next < percentiles.size()) {
      double wanted =
          std::clamp(percentiles[next], 0.0, 100.0) / 100.0 * static_cast<double>(total);
      int64_t target = std::max<int64_t>(1, static_cast<int64_t>(std::ceil(wanted)));
      if (cumulative < target) break;
      values[next++] = reference.highest_equivalent(reference.value_at_index(slot.index));
    }
  }
  return values;
}

std::vector<WindowPoint> total_series(const results::RunResult& run, size_t max_points) {
  const metrics::RunMetrics& metrics = run.metrics;
  std::vector<metrics::EndpointWindow> windows = metrics.total_windows();
  std::vector<WindowPoint> points = series_of(windows, timing_of(run), max_points);
  size_t group = group_size(windows.size(), max_points);
  for (size_t i = 0; i < points.size(); ++i) {
    for (size_t w = i * group; w < std::min((i + 1) * group, metrics.load.size()); ++w) {
      points[i].active_vus = std::max(points[i].active_vus, metrics.load[w].active_vus_max);
      points[i].dropped_iterations += metrics.load[w].dropped_iterations;
    }
  }
  return points;
}

std::vector<WindowPoint> endpoint_series(const results::RunResult& run,
                                         const metrics::EndpointSeries& endpoint,
                                         size_t max_points) {
  return series_of(endpoint.windows, timing_of(run), max_points);
}

}  // namespace perfgate::report
