// SPDX-License-Identifier: MIT
#include "perfgate/webhook/rollback_payload.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>

#include "perfgate/util/assert.h"
#include "perfgate/webhook/verdict_text.h"

namespace perfgate::webhook {
namespace {

using nlohmann::json;

// Long free text (explanations, rules) is cut so that one check cannot crowd out the others.
constexpr std::size_t k_max_text = 400;

std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

json text_or_null(const std::string& text) {
  return text.empty() ? json(nullptr) : json(clip(text, k_max_text));
}

json number_or_null(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

json check_json(const stats::Check& check) {
  return {{"kind", stats::check_kind_name(check.kind)},
          {"status", stats::status_name(check.status)},
          {"endpoint", text_or_null(check.endpoint)},
          {"metric", clip(check.metric, k_max_text)},
          {"rule", text_or_null(check.rule)},
          {"baseline", number_or_null(check.baseline)},
          {"current", number_or_null(check.current)},
          {"relative_change", number_or_null(check.relative_change)},
          {"p_value", number_or_null(check.p_value)},
          {"explanation", clip(check.explanation, k_max_text)}};
}

json data_json(const stats::Verdict& verdict, const RollbackContext& context) {
  return {{"repository", text_or_null(context.repository)},
          {"environment", text_or_null(context.environment)},
          {"deployment_id", context.deployment_id ? json(*context.deployment_id) : json(nullptr)},
          {"deployment_url", text_or_null(context.deployment_url)},
          {"sha", text_or_null(context.sha)},
          {"ref", text_or_null(context.ref)},
          {"run_url", text_or_null(context.run_url)},
          {"report_url", text_or_null(context.report_url)},
          {"scenario", text_or_null(verdict.current.scenario)},
          {"profile", text_or_null(verdict.current.profile)},
          {"verdict", stats::status_name(verdict.verdict)},
          {"summary",
           {{"passed", verdict.summary.passed},
            {"warned", verdict.summary.warned},
            {"failed", verdict.summary.failed},
            {"no_data", verdict.summary.no_data}}},
          {"headline", clip(verdict_headline(verdict), k_max_text)}};
}

}  // namespace

std::string rfc3339_utc(std::chrono::system_clock::time_point time) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", utc);
}

std::string build_rollback_payload(const stats::Verdict& verdict, const RollbackContext& context,
                                   std::chrono::system_clock::time_point now,
                                   std::size_t max_bytes) {
  PG_ASSERT(max_bytes >= 4096);
  std::vector<const stats::Check*> bad = checks_at_least(verdict, stats::Status::warn);
  json payload = {{"type", k_rollback_event_type},
                  {"timestamp", rfc3339_utc(now)},
                  {"data", data_json(verdict, context)}};
  payload["data"]["failed_checks_total"] = bad.size();
  payload["data"]["failed_checks_truncated"] = false;
  // Room for the list's brackets and the flag turning true; each check costs its size + a comma.
  std::size_t used = dump(payload).size() + std::string_view(R"(,"failed_checks":[])").size() + 8;
  json list = json::array();
  for (const stats::Check* check : bad) {
    json item = check_json(*check);
    std::size_t cost = dump(item).size() + 1;
    if (used + cost > max_bytes) {
      payload["data"]["failed_checks_truncated"] = true;
      break;
    }
    used += cost;
    list.push_back(std::move(item));
  }
  payload["data"]["failed_checks"] = std::move(list);
  return dump(payload);
}

}  // namespace perfgate::webhook
