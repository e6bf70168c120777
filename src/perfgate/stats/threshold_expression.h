// SPDX-License-Identifier: MIT
// The pieces of a thresholds file below the YAML level: k6 expressions ("p(95) < 500"), metric
// selectors ("http_req_duration{name:login}") and the table of metrics perf-gate knows.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "perfgate/stats/thresholds.h"

namespace perfgate::stats {

// The kind of a k6 metric decides which aggregations it accepts.
enum class MetricType { trend, rate, counter, phase };

struct MetricInfo {
  const char* name;
  MetricType type;
  bool per_endpoint;  // whether `{name:…}` may select one endpoint
  const char* unit;   // "ms", "", "/s"…, for explanations
};

// nullptr when perf-gate does not know the metric.
const MetricInfo* find_metric(std::string_view name);

// Parses "p(95)<500" (whitespace allowed around the parts). On failure returns a message that
// says what is wrong, for the caller to place in the file.
struct ParsedExpression {
  std::optional<ThresholdRule> rule;
  std::string error;
};
ParsedExpression parse_expression(std::string_view text);

// Parses "metric{name:login}". On failure `error` says why.
struct ParsedSelector {
  std::optional<MetricSelector> selector;
  std::string error;
};
ParsedSelector parse_selector(std::string_view text);

// Whether `metric` accepts the rule's aggregation; otherwise a message listing what it accepts.
std::optional<std::string> aggregation_error(const MetricInfo& metric, const ThresholdRule& rule);

// "p(95)", "avg", "rate"…
std::string aggregation_name(const ThresholdRule& rule);
const char* comparison_text(Comparison comparison);
bool compare(double value, Comparison comparison, double limit);

}  // namespace perfgate::stats
