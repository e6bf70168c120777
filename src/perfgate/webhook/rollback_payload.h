// SPDX-License-Identifier: MIT
// The rollback request's body, in Standard Webhooks' recommended shape:
//   {"type": "perf-gate.rollback", "timestamp": "<RFC 3339, UTC>",
//    "data": {"repository", "environment", "deployment_id", "deployment_url", "sha", "ref",
//             "run_url", "report_url", "scenario", "profile", "verdict", "summary",
//             "headline", "failed_checks": [...], "failed_checks_total",
//             "failed_checks_truncated"}}
// Unknown values are null. "failed_checks" lists the checks at warn or worse, failures first,
// each with its explanation; it is cut short, and says so, to keep the body under
// k_max_payload_bytes (Standard Webhooks recommends under 20 KB).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "perfgate/stats/verdict.h"
#include "perfgate/webhook/rollback_context.h"

namespace perfgate::webhook {

inline constexpr const char* k_rollback_event_type = "perf-gate.rollback";
inline constexpr std::size_t k_max_payload_bytes = 16 * 1024;

// "2026-11-22T04:59:09Z"
std::string rfc3339_utc(std::chrono::system_clock::time_point time);

// Compact JSON, at most `max_bytes` long (REQUIRES: max_bytes >= 4096, room for the fixed part).
// Invalid UTF-8 in verdict text is replaced, never passed on.
std::string build_rollback_payload(const stats::Verdict& verdict, const RollbackContext& context,
                                   std::chrono::system_clock::time_point now,
                                   std::size_t max_bytes = k_max_payload_bytes);

}  // namespace perfgate::webhook
