// SPDX-License-Identifier: MIT
// Checks: assertions on a response (status, body content, latency). A failed check counts the
// request as an error of kind `check`.
//
// How the engine classifies a completed response (k6 semantics: checks are separate from HTTP
// errors, and a step that names its statuses decides what is fine):
//   1. is_http_error(checks, status) -> http_4xx / http_5xx: a status >= 400 that the step's
//      `check.status` does not list (a step checking `status: 404` may expect a 404);
//   2. else failed_check_mask(...) != 0 -> check: any check fails, including a status < 400 that
//      `check.status` does not list;
//   3. else ok.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "perfgate/scenario/response_view.h"
#include "perfgate/scenario/scenario.h"

namespace perfgate::scenario {

// True when `status` is >= 400 and the step's status check (if any) does not allow it.
bool is_http_error(const Checks& checks, int status);

// Checks by name, in a fixed order (k6 reports each check by name with ✓/✗ counts): "status is
// 200" (or "status in 200, 204"), "body contains \"ok\"", "body excludes \"error\"", "latency ≤
// 500ms". At most k_max_named_checks.
inline constexpr size_t k_max_named_checks = 64;
std::vector<std::string> check_names(const Checks& checks);
// Bit i set when check i (check_names' order) fails on `response`. Evaluates every check.
uint64_t failed_check_mask(const Checks& checks, const ResponseView& response);
// Every check failed (no response to look at): the low check_names(checks).size() bits.
uint64_t all_checks_mask(size_t count);

}  // namespace perfgate::scenario
