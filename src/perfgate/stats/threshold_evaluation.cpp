// SPDX-License-Identifier: MIT
// Evaluating k6-style rules against a RunResult: the value of each metric, no_data, explanations.
#include <fmt/format.h>

#include <optional>

#include "perfgate/stats/number_text.h"
#include "perfgate/stats/threshold_expression.h"
#include "perfgate/stats/thresholds.h"

namespace perfgate::stats {
namespace {

constexpr double k_us_per_ms = 1000.0;

// What one rule sees: the endpoint's (or the total's) counters and the run-wide counters.
struct Scope {
  const metrics::EndpointMetrics* endpoint = nullptr;
  const metrics::RunMetrics* run = nullptr;
  double duration_s = 0;
};

std::optional<double> trend_value(const metrics::Histogram& histogram, const ThresholdRule& rule) {
  if (histogram.empty()) return std::nullopt;
  switch (rule.aggregation) {
    case Aggregation::avg:
      return histogram.mean() / k_us_per_ms;
    case Aggregation::min:
      return static_cast<double>(histogram.min()) / k_us_per_ms;
    case Aggregation::max:
      return static_cast<double>(histogram.max()) / k_us_per_ms;
    case Aggregation::med:
      return static_cast<double>(histogram.value_at_percentile(50)) / k_us_per_ms;
    case Aggregation::percentile:
      return static_cast<double>(histogram.value_at_percentile(rule.percentile)) / k_us_per_ms;
    default:
      return std::nullopt;
  }
}

std::optional<double> counter_value(double count, const ThresholdRule& rule, double duration_s) {
  if (rule.aggregation == Aggregation::count) return count;
  if (duration_s <= 0) return std::nullopt;  // a rate over no time is no data
  return count / duration_s;
}

std::optional<double> ratio(int64_t part, int64_t whole) {
  if (whole <= 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}

std::optional<double> phase_average(const metrics::PhaseTotals& phases, int64_t total_us) {
  if (phases.samples <= 0) return std::nullopt;
  return static_cast<double>(total_us) / static_cast<double>(phases.samples) / k_us_per_ms;
}

std::optional<double> metric_value(const std::string& metric, const ThresholdRule& rule,
                                   const Scope& scope) {
  const metrics::EndpointMetrics& e = *scope.endpoint;
  if (metric == "http_req_duration") return trend_value(e.latency, rule);
  if (metric == "http_req_failed") return ratio(e.errors, e.requests);
  if (metric == "checks") return ratio(e.checks_passed, e.checks_passed + e.checks_failed);
  if (metric == "http_reqs") {
    return counter_value(static_cast<double>(e.requests), rule, scope.duration_s);
  }
  if (metric == "data_received") {
    return counter_value(static_cast<double>(e.bytes_received), rule, scope.duration_s);
  }
  if (metric == "data_sent") {
    return counter_value(static_cast<double>(e.bytes_sent), rule, scope.duration_s);
  }
  if (metric == "iterations") {
    return counter_value(static_cast<double>(scope.run->iterations), rule, scope.duration_s);
  }
  if (metric == "dropped_iterations") {
    return counter_value(static_cast<double>(scope.run->dropped_iterations), rule,
                         scope.duration_s);
  }
  if (metric == "http_req_connecting") return phase_average(e.phases, e.phases.connect_us);
  if (metric == "http_req_tls_handshaking") return phase_average(e.phases, e.phases.tls_us);
  if (metric == "http_req_waiting") return phase_average(e.phases, e.phases.ttfb_us);
  if (metric == "http_req_receiving") return phase_average(e.phases, e.phases.transfer_us);
  return std::nullopt;
}

std::string format_value(const MetricInfo& info, const ThresholdRule& rule, double value) {
  if (info.type == MetricType::rate) return fmt::format("{:.3g}%", value * 100);
  if (rule.aggregation == Aggregation::rate) return four_digits(value) + "/s";
  if (info.unit[0] != '\0') return four_digits(value) + " " + info.unit;
  return fmt::format("{:.6g}", value);
}

Check make_check(const ThresholdEntry& entry, const ThresholdRule& rule,
                 std::optional<double> value) {
  const MetricInfo& info = *find_metric(entry.selector.metric);
  Check check;
  check.kind = CheckKind::threshold;
  check.endpoint = entry.selector.endpoint;
  check.metric = entry.selector.metric;
  check.rule = rule.text;
  check.baseline = rule.limit;
  check.current = value;
  check.method = "threshold";
  std::string limit =
      fmt::format("{} {}", comparison_text(rule.comparison), format_value(info, rule, rule.limit));
  if (!value) {
    check.status = Status::no_data;
    check.explanation = fmt::format("{} of {}: no data, so '{}' could not be checked",
                                    aggregation_name(rule), entry.selector.text, rule.text);
    return check;
  }
  bool ok = compare(*value, rule.comparison, rule.limit);
  check.status = ok ? Status::pass : Status::fail;
  check.explanation =
      fmt::format("{} of {} = {}, {} {}", aggregation_name(rule), entry.selector.text,
                  format_value(info, rule, *value), ok ? "within" : "breaks", limit);
  return check;
}

double seconds(std::chrono::microseconds duration) {
  return std::chrono::duration<double>(duration).count();
}

}  // namespace

Result<std::vector<Check>> evaluate_thresholds(const ThresholdSet& thresholds,
                                               const results::RunResult& run,
                                               const std::string& profile) {
  std::vector<Check> checks;
  metrics::EndpointMetrics total = run.metrics.total();
  for (const ThresholdEntry& entry : thresholds.for_profile(profile)) {
    Scope scope{&total, &run.metrics, seconds(run.meta.duration)};
    if (!entry.selector.endpoint.empty()) {
      const metrics::EndpointSeries* series = run.metrics.find(entry.selector.endpoint);
      if (series == nullptr) {
        const ThresholdRule& first = entry.rules.front();
        return Error::at(first.where, entry.selector.text,
                         fmt::format("endpoint '{}' does not exist in the results (scenario '{}')",
                                     entry.selector.endpoint, run.meta.scenario));
      }
      scope.endpoint = &series->totals;
    }
    for (const ThresholdRule& rule : entry.rules) {
      checks.push_back(make_check(entry, rule, metric_value(entry.selector.metric, rule, scope)));
    }
  }
  return checks;
}

std::optional<std::string> abort_reason(const ThresholdSet& thresholds,
                                        const results::RunResult& partial,
                                        const std::string& profile,
                                        std::chrono::microseconds elapsed) {
  std::optional<metrics::EndpointMetrics> total;
  for (const ThresholdEntry& entry : thresholds.for_profile(profile)) {
    for (const ThresholdRule& rule : entry.rules) {
      if (!rule.abort_on_fail || elapsed < rule.delay_abort_eval) continue;
      Scope scope{nullptr, &partial.metrics, seconds(elapsed)};
      if (entry.selector.endpoint.empty()) {
        if (!total) total = partial.metrics.total();
        scope.endpoint = &*total;
      } else if (const auto* series = partial.metrics.find(entry.selector.endpoint)) {
        scope.endpoint = &series->totals;
      } else {
        continue;
      }
      Check check = make_check(entry, rule, metric_value(entry.selector.metric, rule, scope));
      if (check.status == Status::fail) {
        return fmt::format("{} {} failed: {}", entry.selector.text, rule.text, check.explanation);
      }
    }
  }
  return std::nullopt;
}

bool has_abort_rules(const ThresholdSet& thresholds, const std::string& profile) {
  for (const ThresholdEntry& entry : thresholds.for_profile(profile)) {
    for (const ThresholdRule& rule : entry.rules) {
      if (rule.abort_on_fail) return true;
    }
  }
  return false;
}

}  // namespace perfgate::stats
