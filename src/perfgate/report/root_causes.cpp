// SPDX-License-Identifier: MIT
#include "perfgate/report/root_causes.h"

#include <algorithm>

#include "perfgate/report/check_text.h"

namespace perfgate::report {

bool is_throughput_metric(const std::string& metric) {
  MetricInfo info = metric_info(metric);
  return info.unit == Unit::per_second || metric == "iterations";
}

bool is_latency_metric(const std::string& metric) {
  return metric_info(metric).unit == Unit::ms;
}

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
    // not judge follows from the slow endpoint too (not the slow endpoint's own checks).
    bool starved = check.status == stats::Status::inconclusive && !own &&
                   check.kind != stats::CheckKind::threshold;
    if (!lost_throughput && !starved) continue;
    // An endpoint that is slow itself lost throughput to its own latency.
    causes.consequences[i] = own ? std::vector<std::string>{check.endpoint} : causes.slow_endpoints;
  }
  return causes;
}

}  // namespace perfgate::report
