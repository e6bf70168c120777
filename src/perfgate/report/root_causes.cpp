// SPDX-License-Identifier: MIT
#include "perfgate/report/root_causes.h"

#include <algorithm>
#include <optional>

#include "perfgate/report/check_text.h"

namespace perfgate::report {

bool is_throughput_metric(const std::string& metric) {
  MetricInfo info = metric_info(metric);
  return info.unit == Unit::per_second || metric == "iterations";
}

bool is_latency_metric(const std::string& metric) {
  return metric_info(metric).unit == Unit::ms;
}

namespace {

// Requests of `endpoint` (the whole run for ""); none when the run or the endpoint is unknown.
std::optional<int64_t> requests_of(const results::RunResult* run, const std::string& endpoint) {
  if (run == nullptr) return std::nullopt;
  if (endpoint.empty()) return run->metrics.total().requests;
  const metrics::EndpointSeries* series = run->metrics.find(endpoint);
  if (series == nullptr) return std::nullopt;
  return series->totals.requests;
}

// Whether `endpoint` ran clearly fewer requests than in the baseline run (by a tenth or more).
bool ran_fewer_requests(const ReportInput& input, const std::string& endpoint) {
  auto now = requests_of(input.current, endpoint);
  auto before = requests_of(input.baseline_run, endpoint);
  return now && before && static_cast<double>(*now) < 0.9 * static_cast<double>(*before);
}

// A comparison whose own change is worse than its tolerance: a slowdown of its own to look at.
bool looks_beyond_tolerance(const stats::Check& check) {
  if (!check.relative_change || !check.tolerance) return false;
  bool lower_is_better = metric_info(check.metric).direction != Direction::higher_is_better;
  double worse = lower_is_better ? *check.relative_change : -*check.relative_change;
  return worse > *check.tolerance;
}

}  // namespace

RootCauses find_root_causes(const ReportInput& input) {
  RootCauses causes;
  if (input.current == nullptr || input.current->meta.model != "closed") return causes;
  const std::vector<stats::Check>& checks = input.verdict.checks;
  for (const stats::Check& check : checks) {
    bool slow = check.status == stats::Status::fail && !check.endpoint.empty() &&
                is_latency_metric(check.metric);
    if (slow && std::find(causes.slow_endpoints.begin(), causes.slow_endpoints.end(),
                          check.endpoint) == causes.slow_endpoints.end()) {
      causes.slow_endpoints.push_back(check.endpoint);
    }
  }
  if (causes.slow_endpoints.empty()) return causes;
  for (size_t i = 0; i < checks.size(); ++i) {
    const stats::Check& check = checks[i];
    bool own = std::find(causes.slow_endpoints.begin(), causes.slow_endpoints.end(),
                         check.endpoint) != causes.slow_endpoints.end();
    bool total_latency = check.endpoint.empty() && is_latency_metric(check.metric);
    bool lost_throughput = check.status == stats::Status::fail &&
                           (is_throughput_metric(check.metric) || total_latency);
    // With fewer requests, the other endpoints' comparisons stand on less data: what they could
    // not judge follows from the slow endpoint too (not the slow endpoint's own checks) — when
    // they did run fewer requests, and do not look worse beyond their tolerance themselves.
    bool starved = check.status == stats::Status::inconclusive && !own &&
                   check.kind != stats::CheckKind::threshold &&
                   ran_fewer_requests(input, check.endpoint) && !looks_beyond_tolerance(check);
    if (!lost_throughput && !starved) continue;
    // An endpoint that is slow itself lost throughput to its own latency.
    causes.consequences[i] = own ? std::vector<std::string>{check.endpoint} : causes.slow_endpoints;
  }
  return causes;
}

}  // namespace perfgate::report
