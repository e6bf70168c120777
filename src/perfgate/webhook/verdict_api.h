// SPDX-License-Identifier: MIT
// What `perf-gate serve` answers, as pure functions of a request and the verdict store:
//   GET  /api/v1/verdict?scenario=S&profile=P  → 200 {"data": {...}} for Argo Rollouts' web
//        provider (jsonPath "{$.data}"): ok, verdict, regressed, p95_ms, error_rate, … ;
//   GET|POST /gate/check      → 200 proceed (verdict pass or warn), 403 halt (fail or no data);
//   GET|POST /rollback/check  → 200 roll back now (verdict fail), 403 do not;
//   GET  /healthz             → 200 (no token needed).
// scenario and profile come from the query, or for POST from Flagger's payload
// {"metadata": {"scenario": …, "profile": …}}. With a token configured, every route but
// /healthz needs "Authorization: Bearer <token>" (or, since Flagger cannot send headers,
// "token" in the POST payload's metadata); 401 otherwise. An unknown scenario is 404.
#pragma once

#include <string>

#include "perfgate/stats/verdict.h"
#include "perfgate/webhook/http_message.h"
#include "perfgate/webhook/verdict_store.h"

namespace perfgate::webhook {

// Longest scenario or profile name accepted in a request.
inline constexpr std::size_t k_max_name_length = 200;

// Argo's "data" object for one verdict.
std::string verdict_data_json(const stats::Verdict& verdict, const std::string& file);

// REQUIRES: `body` is the request's complete body (already bounded by the server).
Reply handle_verdict_request(const RequestHead& head, const std::string& body,
                             const VerdictStore& store, const std::string& token);

}  // namespace perfgate::webhook
