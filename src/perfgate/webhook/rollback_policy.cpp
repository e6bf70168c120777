// SPDX-License-Identifier: MIT
#include "perfgate/webhook/rollback_policy.h"

#include <fmt/format.h>

namespace perfgate::webhook {
namespace {

bool is_deployment_event(EventKind kind) {
  switch (kind) {
    case EventKind::local:
    case EventKind::deployment_status:
    case EventKind::workflow_dispatch:
    case EventKind::push_default_branch:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::optional<RollbackOn> parse_rollback_on(std::string_view text) {
  if (text == "fail") return RollbackOn::fail;
  if (text == "warn") return RollbackOn::warn;
  return std::nullopt;
}

const char* rollback_on_name(RollbackOn on) {
  return on == RollbackOn::warn ? "warn" : "fail";
}

const char* event_kind_name(EventKind kind) {
  switch (kind) {
    case EventKind::local:
      return "local";
    case EventKind::deployment_status:
      return "deployment_status";
    case EventKind::workflow_dispatch:
      return "workflow_dispatch";
    case EventKind::push_default_branch:
      return "push to the default branch";
    case EventKind::push_other:
      return "push to another branch or tag";
    case EventKind::pull_request:
      return "pull_request";
    case EventKind::schedule:
      return "schedule";
    case EventKind::other:
      return "other";
  }
  return "?";
}

EventKind classify_event(std::string_view event_name, std::string_view ref,
                         std::string_view default_branch) {
  if (event_name.empty()) return EventKind::local;
  if (event_name == "deployment_status" || event_name == "deployment") {
    return EventKind::deployment_status;
  }
  if (event_name == "workflow_dispatch") return EventKind::workflow_dispatch;
  if (event_name.starts_with("pull_request")) return EventKind::pull_request;
  if (event_name == "schedule") return EventKind::schedule;
  if (event_name != "push") return EventKind::other;
  constexpr std::string_view k_heads = "refs/heads/";
  if (!ref.starts_with(k_heads)) return EventKind::push_other;
  std::string_view branch = ref.substr(k_heads.size());
  bool is_default =
      default_branch.empty() ? (branch == "main" || branch == "master") : branch == default_branch;
  return is_default ? EventKind::push_default_branch : EventKind::push_other;
}

RollbackDecision decide_rollback(const stats::Verdict& verdict, RollbackOn on, EventKind event,
                                 EventScope scope) {
  if (event == EventKind::pull_request) return {false, "pull requests never roll back"};
  if (scope == EventScope::deployments_only && !is_deployment_event(event)) {
    return {false, fmt::format("a {} event is not a deployment event", event_kind_name(event))};
  }
  const char* status = stats::status_name(verdict.verdict);
  if (verdict.verdict == stats::Status::fail) return {true, "verdict is fail"};
  if (verdict.verdict == stats::Status::warn && on == RollbackOn::warn) {
    return {true, "verdict is warn and rollback-on is warn"};
  }
  return {false, fmt::format("verdict is {} (rollback-on: {})", status, rollback_on_name(on))};
}

bool should_rollback(const stats::Verdict& verdict, RollbackOn on, EventKind event,
                     EventScope scope) {
  return decide_rollback(verdict, on, event, scope).rollback;
}

}  // namespace perfgate::webhook
