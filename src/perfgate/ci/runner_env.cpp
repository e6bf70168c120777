// SPDX-License-Identifier: MIT
#include "perfgate/ci/runner_env.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "perfgate/util/file.h"

namespace perfgate::ci {
namespace {

std::string trim(std::string_view text) {
  auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

std::string env_or_empty(const EnvLookup& env, const std::string& name) {
  return env(name).value_or("");
}

using Json = nlohmann::json;

// The string at a JSON pointer, or "" when absent or not a string.
std::string string_at(const Json& doc, const char* pointer) {
  Json::json_pointer ptr(pointer);
  if (!doc.contains(ptr)) return "";
  const Json& value = doc.at(ptr);
  return value.is_string() ? value.get<std::string>() : "";
}

std::optional<int64_t> int_at(const Json& doc, const char* pointer) {
  Json::json_pointer ptr(pointer);
  if (!doc.contains(ptr)) return std::nullopt;
  const Json& value = doc.at(ptr);
  if (!value.is_number_integer()) return std::nullopt;
  return value.get<int64_t>();
}

bool is_null_sha(const std::string& sha) {
  return !sha.empty() && std::all_of(sha.begin(), sha.end(), [](char c) { return c == '0'; });
}

void fill_pull_request(const Json& doc, EventInfo& info) {
  info.pr_number = int_at(doc, "/pull_request/number");
  if (!info.pr_number) info.pr_number = int_at(doc, "/number");
  info.head_sha = string_at(doc, "/pull_request/head/sha");
  info.head_repository = string_at(doc, "/pull_request/head/repo/full_name");
  info.base_repository = string_at(doc, "/pull_request/base/repo/full_name");
  info.ref = string_at(doc, "/pull_request/head/ref");
  Json::json_pointer fork_ptr("/pull_request/head/repo/fork");
  bool fork_flag =
      doc.contains(fork_ptr) && doc.at(fork_ptr).is_boolean() && doc.at(fork_ptr).get<bool>();
  // A deleted head repository (null) is also not ours: treat it as a fork.
  bool other_repo = info.head_repository.empty() ||
                    (!info.base_repository.empty() && info.head_repository != info.base_repository);
  info.is_fork = fork_flag || other_repo;
}

void fill_deployment(const Json& doc, EventInfo& info) {
  info.deployment_id = int_at(doc, "/deployment/id");
  info.deployment_url = string_at(doc, "/deployment/url");
  info.head_sha = string_at(doc, "/deployment/sha");
  info.ref = string_at(doc, "/deployment/ref");
  info.environment = string_at(doc, "/deployment_status/environment");
  if (info.environment.empty()) info.environment = string_at(doc, "/deployment/environment");
  info.deployment_state = string_at(doc, "/deployment_status/state");
  info.environment_url = string_at(doc, "/deployment_status/environment_url");
}

}  // namespace

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

std::string input_env_name(std::string_view input_name) {
  std::string name = "INPUT_";
  for (char c : input_name) {
    name += c == ' ' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

std::string get_input(const EnvLookup& env, std::string_view input_name) {
  return trim(env_or_empty(env, input_env_name(input_name)));
}

Result<std::optional<bool>> parse_boolean_input(std::string_view input_name,
                                                std::string_view value) {
  if (value.empty()) return std::optional<bool>{};
  if (value == "true" || value == "True" || value == "TRUE") return std::optional<bool>{true};
  if (value == "false" || value == "False" || value == "FALSE") return std::optional<bool>{false};
  Error error = Error::bad_input(fmt::format(
      "'{}' is not a boolean (expected true or false, as YAML 1.2 spells them)", value));
  error.field = std::string(input_name);
  return error;
}

std::string RunnerContext::run_url() const {
  if (server_url.empty() || repository.empty() || run_id.empty()) return "";
  return fmt::format("{}/{}/actions/runs/{}", server_url, repository, run_id);
}

RunnerContext read_runner_context(const EnvLookup& env) {
  RunnerContext ctx;
  ctx.on_actions = env_or_empty(env, "GITHUB_ACTIONS") == "true";
  ctx.repository = env_or_empty(env, "GITHUB_REPOSITORY");
  if (auto slash = ctx.repository.find('/'); slash != std::string::npos) {
    ctx.owner = ctx.repository.substr(0, slash);
    ctx.repo = ctx.repository.substr(slash + 1);
  }
  ctx.sha = env_or_empty(env, "GITHUB_SHA");
  ctx.ref = env_or_empty(env, "GITHUB_REF");
  ctx.run_id = env_or_empty(env, "GITHUB_RUN_ID");
  ctx.run_attempt = env_or_empty(env, "GITHUB_RUN_ATTEMPT");
  ctx.server_url = env_or_empty(env, "GITHUB_SERVER_URL");
  ctx.api_url = env_or_empty(env, "GITHUB_API_URL");
  if (ctx.api_url.empty()) ctx.api_url = "https://api.github.com";
  while (!ctx.api_url.empty() && ctx.api_url.back() == '/') ctx.api_url.pop_back();
  ctx.event_name = env_or_empty(env, "GITHUB_EVENT_NAME");
  ctx.event_path = env_or_empty(env, "GITHUB_EVENT_PATH");
  ctx.workspace = env_or_empty(env, "GITHUB_WORKSPACE");
  ctx.step_summary_path = env_or_empty(env, "GITHUB_STEP_SUMMARY");
  ctx.output_path = env_or_empty(env, "GITHUB_OUTPUT");
  ctx.workflow = env_or_empty(env, "GITHUB_WORKFLOW");
  ctx.job = env_or_empty(env, "GITHUB_JOB");
  return ctx;
}

EventKind event_kind_from_name(std::string_view event_name) {
  if (event_name == "pull_request" || event_name == "pull_request_target") {
    return EventKind::pull_request;
  }
  if (event_name == "push") return EventKind::push;
  if (event_name == "deployment_status") return EventKind::deployment_status;
  if (event_name == "workflow_dispatch") return EventKind::workflow_dispatch;
  return EventKind::other;
}

Result<EventInfo> parse_event(std::string_view json_text, std::string_view event_name,
                              const std::string& source, const std::string& fallback_sha) {
  Json doc;
  try {
    doc = Json::parse(json_text);
  } catch (const Json::exception& e) {  // syntax errors, and numbers too large for any type
    return Error::at({source, 0, 0}, "", fmt::format("invalid event payload: {}", e.what()));
  }
  if (!doc.is_object()) return Error::at({source, 0, 0}, "", "event payload is not a JSON object");
  EventInfo info;
  info.name = std::string(event_name);
  info.kind = event_kind_from_name(event_name);
  info.default_branch = string_at(doc, "/repository/default_branch");
  switch (info.kind) {
    case EventKind::pull_request:
      fill_pull_request(doc, info);
      break;
    case EventKind::deployment_status:
      fill_deployment(doc, info);
      break;
    case EventKind::push:
      info.head_sha = string_at(doc, "/after");
      info.ref = string_at(doc, "/ref");
      break;
    case EventKind::workflow_dispatch:
      info.ref = string_at(doc, "/ref");
      break;
    case EventKind::other:
      if (doc.contains("deployment")) fill_deployment(doc, info);  // a `deployment` event
      break;
  }
  if (info.head_sha.empty() || is_null_sha(info.head_sha)) info.head_sha = fallback_sha;
  return info;
}

Result<EventInfo> read_event(const RunnerContext& context) {
  if (context.event_path.empty()) {
    EventInfo info;
    info.name = context.event_name;
    info.kind = event_kind_from_name(context.event_name);
    info.head_sha = context.sha;
    return info;
  }
  auto text = util::read_file(context.event_path);
  if (!text) return text.error();
  return parse_event(*text, context.event_name, context.event_path, context.sha);
}

}  // namespace perfgate::ci
