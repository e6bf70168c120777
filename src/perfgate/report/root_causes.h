// SPDX-License-Identifier: MIT
// Root causes before consequences. In a closed model every virtual user waits for its response,
// so one endpoint that slows down holds the users back from all the others: their throughput
// falls (and the mix of all requests gets slower) although nothing is wrong with them. A report
// that lists those as separate regressions sends people after eleven problems when there are
// two; this tells which failing checks follow from another endpoint's latency.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "perfgate/report/report_input.h"

namespace perfgate::report {

struct RootCauses {
  // Endpoints whose latency check failed: the causes, in the verdict's order.
  std::vector<std::string> slow_endpoints;
  // Failing checks that are consequences of the slow endpoints (index into verdict.checks).
  std::map<size_t, std::vector<std::string>> consequences;

  bool is_consequence(size_t check_index) const { return consequences.contains(check_index); }
};

// Only a closed-model run (the current run's model) has cascades; otherwise nothing is a
// consequence. Latency, error-rate and threshold checks of an endpoint stay root causes; when
// some endpoint's latency failed, a failing throughput check is a consequence, and so are a
// failing latency check of all requests together and the comparisons of the other endpoints
// that could not judge (they ran fewer requests).
RootCauses find_root_causes(const ReportInput& input);

// True for metrics that measure how many requests went through (req/s, k6's http_reqs rate,
// iterations).
bool is_throughput_metric(const std::string& metric);
// True for latency metrics (p95_ms, http_req_duration, …).
bool is_latency_metric(const std::string& metric);

}  // namespace perfgate::report
