// SPDX-License-Identifier: MIT
#include "perfgate/webhook/verdict_api.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "perfgate/stats/metric_id.h"
#include "perfgate/webhook/signature.h"
#include "perfgate/webhook/verdict_text.h"

namespace perfgate::webhook {
namespace {

using nlohmann::json;

std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

json number_or_null(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

// The whole run's value of a metric (the check on the total, endpoint ""), when checked.
std::optional<double> total_metric(const stats::Verdict& verdict, stats::MetricId metric) {
  std::string_view name = stats::metric_names(metric).name;
  for (const stats::Check& check : verdict.checks) {
    if (check.endpoint.empty() && check.metric == name && check.current) return check.current;
  }
  return std::nullopt;
}

bool regressed(const stats::Verdict& verdict) {
  for (const stats::Check& check : verdict.checks) {
    if (check.kind != stats::CheckKind::threshold && check.status == stats::Status::fail) {
      return true;
    }
  }
  return false;
}

bool proceed(const stats::Verdict& verdict) {
  return verdict.verdict == stats::Status::pass || verdict.verdict == stats::Status::warn;
}

// Flagger POSTs {"name", "namespace", "phase", "metadata": {…}}; metadata values are strings.
std::string metadata_value(const json& payload, const char* key) {
  if (!payload.is_object() || !payload.contains("metadata")) return {};
  const json& metadata = payload["metadata"];
  if (!metadata.is_object() || !metadata.contains(key) || !metadata[key].is_string()) return {};
  return metadata[key].get<std::string>();
}

std::string request_value(const RequestHead& head, const json& payload, const char* key) {
  if (const std::string* value = head.param(key)) return *value;
  return metadata_value(payload, key);
}

bool authorized(const RequestHead& head, const json& payload, const std::string& token) {
  if (token.empty()) return true;
  const std::string expected = "Bearer " + token;
  if (const std::string* header = head.header("authorization")) {
    return constant_time_equal(*header, expected);
  }
  std::string from_metadata = metadata_value(payload, "token");
  return !from_metadata.empty() && constant_time_equal(from_metadata, token);
}

bool valid_name(const std::string& name) {
  if (name.size() > k_max_name_length) return false;
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

Reply gate_reply(bool granted, const stats::Verdict& verdict, const char* yes, const char* no) {
  json body = {{"verdict", stats::status_name(verdict.verdict)},
               {"decision", granted ? yes : no},
               {"headline", verdict_headline(verdict)}};
  return {granted ? 200 : 403, "application/json", dump(body), {}};
}

}  // namespace

std::string verdict_data_json(const stats::Verdict& verdict, const std::string& file) {
  json failed = json::array();
  for (const stats::Check* check : checks_at_least(verdict, stats::Status::warn)) {
    if (failed.size() == 20) break;
    failed.push_back({{"endpoint", check->endpoint},
                      {"metric", check->metric},
                      {"status", stats::status_name(check->status)},
                      {"explanation", clip(check->explanation, 400)}});
  }
  json data = {{"ok", proceed(verdict)},
               {"verdict", stats::status_name(verdict.verdict)},
               {"regressed", regressed(verdict)},
               // The run could not judge: Argo's inconclusiveCondition, Flagger halts.
               {"inconclusive", verdict.verdict == stats::Status::inconclusive},
               {"p95_ms", number_or_null(total_metric(verdict, stats::MetricId::p95))},
               {"p99_ms", number_or_null(total_metric(verdict, stats::MetricId::p99))},
               {"error_rate", number_or_null(total_metric(verdict, stats::MetricId::error_rate))},
               {"rps", number_or_null(total_metric(verdict, stats::MetricId::rps))},
               {"scenario", verdict.current.scenario},
               {"profile", verdict.current.profile},
               {"git_sha", verdict.current.git_sha},
               {"time", verdict.current.time},
               {"summary",
                {{"passed", verdict.summary.passed},
                 {"warned", verdict.summary.warned},
                 {"failed", verdict.summary.failed},
                 {"no_data", verdict.summary.no_data},
                 {"inconclusive", verdict.summary.inconclusive}}},
               {"headline", verdict_headline(verdict)},
               {"failed_checks", failed},
               {"file", file}};
  return dump({{"data", data}});
}

Reply handle_verdict_request(const RequestHead& head, const std::string& body,
                             const VerdictStore& store, const std::string& token) {
  if (head.path == "/healthz") return {200, "text/plain", "ok\n", {}};
  bool is_verdict = head.path == "/api/v1/verdict";
  bool is_gate = head.path == "/gate/check";
  bool is_rollback = head.path == "/rollback/check";
  if (!is_verdict && !is_gate && !is_rollback) return error_reply(404, "no such endpoint");
  bool read_only = head.method == "GET" || head.method == "HEAD";
  if (!read_only && !(head.method == "POST" && !is_verdict)) {
    Reply reply = error_reply(405, "method not allowed");
    reply.headers = {{"Allow", is_verdict ? "GET, HEAD" : "GET, HEAD, POST"}};
    return reply;
  }
  json payload = head.method == "POST" ? json::parse(body, nullptr, false) : json();
  if (!authorized(head, payload, token)) {
    Reply reply = error_reply(401, "missing or wrong bearer token");
    reply.headers = {{"WWW-Authenticate", "Bearer"}};
    return reply;
  }
  std::string scenario = request_value(head, payload, "scenario");
  std::string profile = request_value(head, payload, "profile");
  if (scenario.empty()) return error_reply(400, "the scenario parameter is required");
  if (!valid_name(scenario) || !valid_name(profile)) {
    return error_reply(400, "scenario and profile must be printable and at most 200 bytes");
  }
  auto found = store.latest(scenario, profile);
  if (!found) return error_reply(500, "cannot read the verdict directory");
  if (!*found) return error_reply(404, "no verdict for this scenario and profile");
  const stats::Verdict& verdict = (*found)->verdict;
  if (is_gate) return gate_reply(proceed(verdict), verdict, "proceed", "halt");
  if (is_rollback) {
    return gate_reply(verdict.verdict == stats::Status::fail, verdict, "rollback", "keep");
  }
  return {200, "application/json", verdict_data_json(verdict, (*found)->file), {}};
}

}  // namespace perfgate::webhook
