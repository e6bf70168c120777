// SPDX-License-Identifier: MIT
// The metrics the baseline comparison judges, and their one name table. A check's `metric`, the
// results, baseline and verdict files and the reports use `name` ("p95_ms"); tolerances and
// thresholds use `key` ("p95"); sentences use `label` ("throughput"). Every module that reads a
// check's metric goes through this table instead of spelling the names again.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace perfgate::stats {

enum class MetricId { p50, p95, p99, error_rate, rps };

struct MetricNames {
  MetricId id;
  const char* name;   // "p95_ms", "error_rate", "rps"
  const char* key;    // "p95", "error_rate", "rps"
  const char* label;  // "p95", "error rate", "throughput"
};

inline constexpr std::array<MetricNames, 5> k_compared_metrics{{
    {MetricId::p50, "p50_ms", "p50", "p50"},
    {MetricId::p95, "p95_ms", "p95", "p95"},
    {MetricId::p99, "p99_ms", "p99", "p99"},
    {MetricId::error_rate, "error_rate", "error_rate", "error rate"},
    {MetricId::rps, "rps", "rps", "throughput"},
}};

constexpr const MetricNames& metric_names(MetricId id) {
  return k_compared_metrics[static_cast<size_t>(id)];
}

// The metric a name or key stands for ("p95_ms" and "p95" alike); nullopt for any other name (a
// k6 metric, a threshold on checks).
constexpr std::optional<MetricId> metric_id_from_name(std::string_view text) {
  for (const MetricNames& names : k_compared_metrics) {
    if (text == names.name || text == names.key) return names.id;
  }
  return std::nullopt;
}

}  // namespace perfgate::stats
