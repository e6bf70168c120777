// SPDX-License-Identifier: MIT
// Why requests failed, per endpoint: the checks' ✓/✗ counts (k6's shape), the status codes
// (Artillery's) and the error kinds. "errors 100%" alone sends people to the server's logs; a
// 404 or a failing body check usually says it all.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "perfgate/metrics/endpoint_metrics.h"
#include "perfgate/results/run_result.h"

namespace perfgate::report {

struct EndpointFailures {
  std::string endpoint;
  int64_t requests = 0;
  int64_t errors = 0;
  int64_t checks_passed = 0;  // requests whose checks all passed
  int64_t checks_failed = 0;
  std::vector<std::pair<int, int64_t>> statuses;              // most frequent first; 0: no response
  std::vector<std::pair<metrics::ErrorKind, int64_t>> kinds;  // most frequent first
  std::vector<metrics::NamedCheck> named_checks;              // the scenario's order
};

// The endpoints that had failed requests or failed checks, most errors first (then scenario
// order).
std::vector<EndpointFailures> endpoint_failures(const results::RunResult& run);

// "HTTP 4xx", "timed out", "connection failed", …
std::string error_kind_label(metrics::ErrorKind kind);
// "200 ×348, 404 ×12" ("no response" for 0); at most `limit` codes, then "…".
std::string status_list(const EndpointFailures& failures, size_t limit = 5);
// "HTTP 4xx ×12, timed out ×3".
std::string error_kind_list(const EndpointFailures& failures);
// "✓ 348 / ✗ 12", or "" when the endpoint has no checks.
std::string check_counts(const EndpointFailures& failures);
// The checks by name that failed, k6's way: `✗ body contains "ok" (✓ 650 / ✗ 350)`, then
// "✓ 2 more passed"; `escape` is applied to each name (the scenario author's text). Falls back
// to check_counts without names (results from before named checks, imports).
std::string named_check_list(const EndpointFailures& failures,
                             std::string (*escape)(std::string_view));

// The console's block (plain text, k6's ✓/✗ shape), at most `limit` endpoints; "" when nothing
// failed. Names are passed through `plain` (control characters removed).
std::string plain_failures(const results::RunResult& run, size_t limit = 20);

}  // namespace perfgate::report
