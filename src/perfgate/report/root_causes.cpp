// SPDX-License-Identifier: MIT
#include "perfgate/report/root_causes.h"

#include <algorithm>
#include <optional>

#include "perfgate/report/check_text.h"
#include "perfgate/results/run_result.h"

namespace perfgate::report {

bool is_throughput_metric(const std::string& metric) {
  MetricInfo info = metric_info(metric);
  return info.unit == Unit::per_second || metric == "iterations";
}

bool is_latency_metric(const std::string& metric) {
  return metric_info(metric).unit == Unit::ms;
}

namespace {

// Requests per second of `endpoint` (the whole run for ""); none when unknown. A rate, since an
// imported run and its baseline may differ in length.
std::optional<double> request_rate(const results::RunResult* run, const std::string& endpoint) {
  if (run == nullptr) return std::nullopt;
  if (endpoint.empty()) return results::summarize(run->metrics.total(), run->meta.duration).rps;
  const metrics::EndpointSeries* series = run->metrics.find(endpoint);
  if (series == nullptr) return std::nullopt;
  return results::summarize(series->totals, run->meta.duration).rps;
}

// Whether `endpoint` ran clearly fewer requests a second than in the baseline run (a tenth or
// more fewer).
bool ran_fewer_requests(const ReportInput& input, const std::string& endpoint) {
  auto now = request_rate(input.current, endpoint);
  auto before = request_rate(input.baseline_run, endpoint);
  return now && before && *before > 0 && *now <= 0.9 * *before;
}

// A comparison that likely got worse beyond its tolerance on its own (its test of a change beyond
// the tolerance, floors included, at p < 5 %): a slowdown of its own to look at.
bool likely_beyond_tolerance(const stats::Check& check) {
  return check.p_value && *check.p_value < 0.05;
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
    // they did run fewer requests, and are not likely worse beyond their tolerance themselves.
    bool starved = check.status == stats::Status::inconclusive && !own &&
                   check.kind != stats::CheckKind::threshold &&
                   ran_fewer_requests(input, check.endpoint) && !likely_beyond_tolerance(check);
    if (!lost_throughput && !starved) continue;
    // An endpoint that is slow itself lost throughput to its own latency.
    causes.consequences[i] = own ? std::vector<std::string>{check.endpoint} : causes.slow_endpoints;
  }
  return causes;
}

}  // namespace perfgate::report
