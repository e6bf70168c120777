// SPDX-License-Identifier: MIT
#include "perfgate/live/window_points.h"

#include <fmt/format.h>

#include <algorithm>

#include "perfgate/results/time_format.h"

namespace perfgate::live {
namespace {

using std::chrono::milliseconds;

constexpr double k_percentiles[] = {50, 90, 95, 99};
constexpr const char* k_percentile_names[] = {"p50", "p90", "p95", "p99"};

Tags with_tag(Tags tags, std::string key, std::string value) {
  if (value.empty()) return tags;
  tags.emplace_back(std::move(key), std::move(value));
  std::sort(tags.begin(), tags.end());
  return tags;
}

// Percentiles straight from the window's histogram, in ms (µs resolution, not rounded).
void add_latency(Point& point, const std::string& prefix, const metrics::Histogram& histogram) {
  if (histogram.empty()) return;
  auto values = histogram.values_at_percentiles(k_percentiles);
  for (size_t i = 0; i < values.size(); ++i) {
    point.add_real(fmt::format("{}_{}_ms", prefix, k_percentile_names[i]),
                   static_cast<double>(values[i]) / 1000.0);
  }
  point.add_real(prefix + "_max_ms", static_cast<double>(histogram.max()) / 1000.0);
}

void add_endpoint_fields(Point& point, const metrics::EndpointMetrics& m, Detail detail) {
  point.add_integer("requests", m.requests);
  point.add_integer("errors", m.errors);
  if (detail == Detail::full) {
    for (size_t i = 0; i < metrics::k_error_kind_count; ++i) {
      auto kind = metrics::error_kind_name(static_cast<metrics::ErrorKind>(i));
      point.add_integer(fmt::format("errors_{}", kind), m.errors_by_kind[i]);
    }
    for (const auto& [code, count] : m.status_counts)
      point.add_integer(fmt::format("status_{}", code), count);
    point.add_integer("bytes_sent", m.bytes_sent);
    point.add_integer("bytes_received", m.bytes_received);
    point.add_integer("checks_passed", m.checks_passed);
    point.add_integer("checks_failed", m.checks_failed);
  }
  add_latency(point, "latency", m.latency);
  if (detail == Detail::full) add_latency(point, "latency_uncorrected", m.latency_uncorrected);
}

}  // namespace

std::string run_id(const results::RunMetadata& meta) {
  return results::format_rfc3339(meta.start_time);
}

Tags run_tags(const results::RunMetadata& meta) {
  Tags tags;
  tags = with_tag(std::move(tags), "scenario", meta.scenario);
  tags = with_tag(std::move(tags), "profile", meta.profile);
  tags = with_tag(std::move(tags), "run_id", run_id(meta));
  return with_tag(std::move(tags), "shard", std::to_string(meta.shard_index));
}

milliseconds window_time(const results::RunMetadata& meta, int64_t index) {
  auto start = std::chrono::duration_cast<milliseconds>(meta.start_time.time_since_epoch());
  return start + std::chrono::duration_cast<milliseconds>(meta.warmup) +
         std::chrono::seconds(index);
}

std::vector<Point> window_points(const Tags& tags, const WindowInput& window) {
  std::vector<Point> points;
  metrics::EndpointMetrics total;
  for (size_t e = 0; e < window.endpoints.size() && e < window.names.size(); ++e) {
    Point point;
    point.tags = with_tag(tags, k_endpoint_tag, window.names[e]);
    point.time = window.time;
    add_endpoint_fields(point, window.endpoints[e], window.detail);
    points.push_back(std::move(point));
    total.merge(window.endpoints[e]);
  }
  Point point;
  point.tags = tags;
  point.time = window.time;
  add_endpoint_fields(point, total, window.detail);
  point.add_integer("active_vus", window.load.active_vus_max);
  point.add_integer("iterations_started", window.load.iterations_started);
  point.add_integer("dropped_iterations", window.load.dropped_iterations);
  if (window.stage) point.add_integer("stage", *window.stage);
  points.push_back(std::move(point));
  return points;
}

Point event_point(const Tags& tags, milliseconds time, const std::string& event, std::string text) {
  Point point;
  point.measurement = k_event_measurement;
  point.tags = with_tag(tags, "event", event);
  point.time = time;
  point.add_integer("value", 1);
  point.add_text("text", std::move(text));
  return point;
}

}  // namespace perfgate::live
