// SPDX-License-Identifier: MIT
#include "perfgate/live/backfill.h"

#include <fmt/format.h>

#include <algorithm>

#include "perfgate/live/window_points.h"
#include "perfgate/results/time_format.h"

namespace perfgate::live {
namespace {

using std::chrono::milliseconds;

std::vector<metrics::EndpointMetrics> window_metrics(const metrics::RunMetrics& run, size_t index) {
  std::vector<metrics::EndpointMetrics> endpoints(run.endpoints.size());
  for (size_t e = 0; e < run.endpoints.size(); ++e) {
    const auto& windows = run.endpoints[e].windows;
    if (index >= windows.size()) continue;
    endpoints[e].requests = windows[index].requests;
    endpoints[e].errors = windows[index].errors;
    windows[index].latency.add_to(endpoints[e].latency);
  }
  return endpoints;
}

Point summary_point(const Tags& tags, milliseconds time, const stats::EndpointRunSummary& s) {
  Point point;
  point.measurement = "perf_gate_run";
  point.tags = tags;
  if (!s.name.empty()) {
    point.tags.emplace_back(k_endpoint_tag, s.name);
    std::sort(point.tags.begin(), point.tags.end());
  }
  point.time = time;
  point.add_integer("requests", s.requests);
  point.add_integer("errors", s.errors);
  point.add_real("error_rate", s.error_rate);
  point.add_real("rps", s.rps);
  point.add_real("latency_mean_ms", s.mean_ms);
  point.add_real("latency_p50_ms", s.p50_ms);
  point.add_real("latency_p90_ms", s.p90_ms);
  point.add_real("latency_p95_ms", s.p95_ms);
  point.add_real("latency_p99_ms", s.p99_ms);
  return point;
}

}  // namespace

Backfill run_points(const results::RunResult& run) {
  Tags tags = run_tags(run.meta);
  std::vector<std::string> names;
  for (const auto& series : run.metrics.endpoints) names.push_back(series.name);
  Backfill out;
  int64_t count = run.metrics.window_count();
  for (int64_t index = 0; index < count; ++index) {
    auto endpoints = window_metrics(run.metrics, static_cast<size_t>(index));
    WindowInput input;
    input.time = window_time(run.meta, index);
    input.names = names;
    input.endpoints = endpoints;
    if (static_cast<size_t>(index) < run.metrics.load.size())
      input.load = run.metrics.load[static_cast<size_t>(index)];
    input.detail = Detail::summary;
    out.windows.push_back(window_points(tags, input));
  }
  milliseconds start = window_time(run.meta, 0);
  out.extra.push_back(event_point(
      tags, start, "start", fmt::format("{} {} started", run.meta.scenario, run.meta.profile)));
  out.extra.push_back(event_point(
      tags, start + std::chrono::duration_cast<milliseconds>(run.meta.duration), "end", "ended"));
  return out;
}

std::vector<Point> history_points(const stats::Baseline& baseline) {
  std::vector<Point> points;
  for (const stats::RunSummary& run : baseline.history) {
    auto time = results::parse_rfc3339(run.time);
    if (!time) continue;
    results::RunMetadata meta;
    meta.scenario = run.scenario;
    meta.profile = run.profile;
    meta.start_time = *time;
    Tags tags = run_tags(meta);
    milliseconds at = window_time(meta, 0);
    for (const auto& endpoint : run.endpoints) points.push_back(summary_point(tags, at, endpoint));
    points.push_back(summary_point(tags, at, run.total));
  }
  return points;
}

}  // namespace perfgate::live
