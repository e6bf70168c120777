// SPDX-License-Identifier: MIT
// When a verdict calls for a rollback: the verdict's status, the configured severity, and the
// kind of CI event. By default only deployment events roll back (deployment_status,
// workflow_dispatch, a push to the default branch, or a person running perf-gate by hand);
// pull requests never do, whatever the configuration: a PR's build deploys nothing to undo.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "perfgate/stats/verdict.h"

namespace perfgate::webhook {

// The least severe verdict that triggers a rollback.
enum class RollbackOn { fail, warn };
std::optional<RollbackOn> parse_rollback_on(std::string_view text);  // "fail" | "warn"
const char* rollback_on_name(RollbackOn on);

// The CI event perf-gate runs for, as far as the rollback decision cares.
enum class EventKind {
  local,              // not in CI (no GITHUB_EVENT_NAME): someone ran the command by hand
  deployment_status,  // also "deployment"
  workflow_dispatch,
  push_default_branch,
  push_other,    // another branch, or a tag
  pull_request,  // pull_request, pull_request_target, pull_request_review*
  schedule,
  other,
};
const char* event_kind_name(EventKind kind);

// Which events may roll back at all.
enum class EventScope {
  deployments_only,          // the default (see above)
  any_except_pull_requests,  // e.g. a scheduled job guarding production
};

// Maps GitHub's event name and ref (GITHUB_EVENT_NAME, GITHUB_REF) to an EventKind. When the
// default branch is unknown (empty), a push to "main" or "master" counts as the default branch.
EventKind classify_event(std::string_view event_name, std::string_view ref,
                         std::string_view default_branch);

struct RollbackDecision {
  bool rollback = false;
  std::string reason;  // "verdict is fail", "pull requests never roll back", …
};

RollbackDecision decide_rollback(const stats::Verdict& verdict, RollbackOn on, EventKind event,
                                 EventScope scope = EventScope::deployments_only);

// decide_rollback(...).rollback: pure, for callers that need only the answer.
bool should_rollback(const stats::Verdict& verdict, RollbackOn on, EventKind event,
                     EventScope scope = EventScope::deployments_only);

}  // namespace perfgate::webhook
