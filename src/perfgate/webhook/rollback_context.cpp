// SPDX-License-Identifier: MIT
#include "perfgate/webhook/rollback_context.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "perfgate/util/file.h"

namespace perfgate::webhook {
namespace {

std::string variable(const GetEnv& getenv, const char* name) {
  const char* value = getenv(name);
  return value ? std::string(value) : std::string();
}

std::string string_at(const nlohmann::json& json, const nlohmann::json::json_pointer& pointer) {
  if (!json.contains(pointer)) return {};
  const auto& value = json.at(pointer);
  return value.is_string() ? value.get<std::string>() : std::string();
}

// Fields only the event payload knows. A payload perf-gate cannot read costs those fields, not
// the rollback: the webhook still goes out.
void read_event_payload(const std::string& path, RollbackContext& context) {
  auto text = util::read_file(path);
  if (!text) return;
  nlohmann::json event = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!event.is_object()) return;
  using Pointer = nlohmann::json::json_pointer;
  context.default_branch = string_at(event, Pointer("/repository/default_branch"));
  if (event.contains("deployment") && event["deployment"].is_object()) {
    const auto& deployment = event["deployment"];
    if (deployment.contains("id") && deployment["id"].is_number_integer()) {
      context.deployment_id = deployment["id"].get<long long>();
    }
    context.deployment_url = string_at(event, Pointer("/deployment/url"));
    context.environment = string_at(event, Pointer("/deployment/environment"));
  }
  if (context.environment.empty()) {
    context.environment = string_at(event, Pointer("/deployment_status/environment"));
  }
}

}  // namespace

EventKind RollbackContext::event_kind() const {
  return classify_event(event_name, ref, default_branch);
}

RollbackContext context_from_github_environment(const GetEnv& getenv) {
  RollbackContext context;
  context.repository = variable(getenv, "GITHUB_REPOSITORY");
  context.sha = variable(getenv, "GITHUB_SHA");
  context.ref = variable(getenv, "GITHUB_REF");
  context.event_name = variable(getenv, "GITHUB_EVENT_NAME");
  std::string server = variable(getenv, "GITHUB_SERVER_URL");
  std::string run_id = variable(getenv, "GITHUB_RUN_ID");
  if (!server.empty() && !context.repository.empty() && !run_id.empty()) {
    context.run_url = fmt::format("{}/{}/actions/runs/{}", server, context.repository, run_id);
  }
  std::string event_path = variable(getenv, "GITHUB_EVENT_PATH");
  if (!event_path.empty()) read_event_payload(event_path, context);
  return context;
}

}  // namespace perfgate::webhook
