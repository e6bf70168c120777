// SPDX-License-Identifier: MIT
// Internal to the baseline comparison: one metric of one endpoint tested by one method, before
// the gate-wide p-value adjustment decides its status (regression.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "perfgate/results/run_result.h"
#include "perfgate/stats/baseline.h"
#include "perfgate/stats/compare.h"
#include "perfgate/stats/prediction_interval.h"
#include "perfgate/stats/verdict.h"

namespace perfgate::stats::detail {

enum class MetricKind { p50, p95, p99, error_rate, rps };

struct MetricSpec {
  const char* name;   // Check::metric: "p95_ms", "error_rate", "rps"
  const char* label;  // "p95", "error rate", "throughput"
  MetricKind kind;
  double percentile;  // latency metrics
  Direction direction;
};

// One compared metric before adjustment: the check with its values filled in, the raw p-value
// (none: no test possible, status no_data), and whether the change is beyond tolerance.
struct TestedMetric {
  Check check;
  std::optional<double> raw_p;
  bool beyond_tolerance = false;
  std::string subject;   // "p95 of login"
  std::string unit;      // "ms", "/s", "%"
  std::string evidence;  // "the history's prediction interval (≤ 470 ms at 99.9%)"
};

// The data of one endpoint (empty name: the total) on both sides.
struct EndpointData {
  std::string name;
  const metrics::EndpointMetrics* current = nullptr;
  const std::vector<metrics::EndpointWindow>* current_windows = nullptr;
  const metrics::EndpointMetrics* baseline = nullptr;  // latest baseline run
  const std::vector<metrics::EndpointWindow>* baseline_windows = nullptr;
  std::vector<const EndpointRunSummary*> history;  // oldest first, runs that have it
};

struct MethodContext {
  const results::RunResult* current_run = nullptr;
  const results::RunResult* baseline_run = nullptr;
  const CompareOptions* options = nullptr;
  int test_count = 1;  // regression tests in the gate, for the reported bound's level
};

// What the current error count is compared with: the pooled history or the latest run.
enum class ErrorBaseline { history, latest_run };

double summary_value(const EndpointRunSummary& summary, MetricKind kind);
double metric_value(const metrics::EndpointMetrics& endpoint, MetricKind kind, double seconds);

TestedMetric history_test(const EndpointData& data, const MetricSpec& spec,
                          const MethodContext& context);
TestedMetric window_test(const EndpointData& data, const MetricSpec& spec,
                         const MethodContext& context);
TestedMetric error_rate_test(const EndpointData& data, const MetricSpec& spec,
                             const MethodContext& context, ErrorBaseline against);

// "p95 of login" / "p95 (total)".
std::string subject_of(const MetricSpec& spec, const std::string& endpoint);
std::string format_value(double value, const std::string& unit);

}  // namespace perfgate::stats::detail
