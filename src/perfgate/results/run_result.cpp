// SPDX-License-Identifier: MIT
#include "perfgate/results/run_result.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace perfgate::results {
namespace {

double to_ms(int64_t micros) {
  return static_cast<double>(micros) / 1000.0;
}

}  // namespace

EndpointSummary summarize(const metrics::EndpointMetrics& endpoint,
                          std::chrono::microseconds duration) {
  EndpointSummary summary;
  summary.requests = endpoint.requests;
  summary.errors = endpoint.errors;
  if (endpoint.requests > 0) {
    summary.error_rate =
        static_cast<double>(endpoint.errors) / static_cast<double>(endpoint.requests);
  }
  if (duration.count() > 0) {
    summary.rps =
        static_cast<double>(endpoint.requests) / (static_cast<double>(duration.count()) / 1e6);
  }
  const metrics::Histogram& latency = endpoint.latency;
  if (latency.empty()) return summary;
  static constexpr std::array<double, 6> k_percentiles = {50, 90, 95, 99, 99.9, 100};
  std::vector<int64_t> values = latency.values_at_percentiles(k_percentiles);
  summary.min_ms = to_ms(latency.min());
  summary.mean_ms = latency.mean() / 1000.0;
  summary.p50_ms = to_ms(values[0]);
  summary.p90_ms = to_ms(values[1]);
  summary.p95_ms = to_ms(values[2]);
  summary.p99_ms = to_ms(values[3]);
  summary.p999_ms = to_ms(values[4]);
  summary.max_ms = to_ms(latency.max());
  return summary;
}

Result<RunResult> merge_results(const std::vector<RunResult>& parts) {
  if (parts.empty()) return Error::bad_input("merge: no results to merge");
  RunResult merged = parts.front();
  for (size_t i = 1; i < parts.size(); ++i) {
    const RunResult& part = parts[i];
    if (part.meta.scenario != merged.meta.scenario || part.meta.profile != merged.meta.profile) {
      return Error::bad_input(fmt::format(
          "merge: part {} is scenario '{}' profile '{}', the first is scenario '{}' profile '{}'",
          i + 1, part.meta.scenario, part.meta.profile, merged.meta.scenario, merged.meta.profile));
    }
    if (part.metrics.window_length != merged.metrics.window_length) {
      return Error::bad_input(fmt::format("merge: part {} has a different window length", i + 1));
    }
    RunMetadata& meta = merged.meta;
    // Shards run side by side: the merged run spans from the first start to the last end.
    auto end = std::max(meta.start_time + meta.duration, part.meta.start_time + part.meta.duration);
    meta.start_time = std::min(meta.start_time, part.meta.start_time);
    meta.duration = std::chrono::duration_cast<std::chrono::microseconds>(end - meta.start_time);
    meta.planned_vus += part.meta.planned_vus;
    meta.planned_rate += part.meta.planned_rate;
    meta.interrupted = meta.interrupted || part.meta.interrupted;
    if (meta.interrupt_reason.empty()) meta.interrupt_reason = part.meta.interrupt_reason;
    meta.generator.threads += part.meta.generator.threads;
    meta.generator.cpu_percent += part.meta.generator.cpu_percent;
    meta.generator.max_loop_lag_ms =
        std::max(meta.generator.max_loop_lag_ms, part.meta.generator.max_loop_lag_ms);
    meta.generator.p99_loop_lag_ms =
        std::max(meta.generator.p99_loop_lag_ms, part.meta.generator.p99_loop_lag_ms);
    // One part rebuilt from percentiles makes the whole merge approximate.
    if (part.meta.latency_precision == LatencyPrecision::percentiles)
      meta.latency_precision = LatencyPrecision::percentiles;
    int64_t dropped = merged.metrics.merge(part.metrics);
    if (dropped > 0) {
      merged.warnings.push_back(
          fmt::format("merge: {} latency samples did not fit the histogram", dropped));
    }
    for (const std::string& warning : part.warnings) {
      if (std::find(merged.warnings.begin(), merged.warnings.end(), warning) ==
          merged.warnings.end()) {
        merged.warnings.push_back(warning);
      }
    }
  }
  merged.meta.shard_index = 0;
  merged.meta.shard_count = 1;
  return merged;
}

}  // namespace perfgate::results
