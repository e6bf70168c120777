// SPDX-License-Identifier: MIT
// The CI context, read once for every module that needs it (the GitHub publisher, the rollback
// webhook, live metrics, run metadata): action inputs (INPUT_*), the default GITHUB_* variables,
// and the event payload at GITHUB_EVENT_PATH (docs/reference/actions-runtime.md).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "perfgate/util/result.h"

namespace perfgate::ci {

// Looks up one environment variable; nullopt when unset. Injectable so that tests need not touch
// the process environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup process_env();

// The variable the runner sets for an input: "INPUT_" + name with spaces turned into '_' and
// upper-cased; hyphens are KEPT ("github-token" -> "INPUT_GITHUB-TOKEN").
std::string input_env_name(std::string_view input_name);

// The input's value with surrounding whitespace trimmed (as @actions/core's getInput); "" when
// unset. The runner sets every declared input, possibly to "".
std::string get_input(const EnvLookup& env, std::string_view input_name);

// true|True|TRUE|false|False|FALSE (YAML 1.2 core schema); nullopt when empty; bad_input otherwise.
Result<std::optional<bool>> parse_boolean_input(std::string_view input_name,
                                                std::string_view value);

// The default variables of a job (empty when unset, e.g. outside Actions).
struct RunnerContext {
  bool on_actions = false;  // GITHUB_ACTIONS == "true"
  std::string repository;   // "owner/repo"
  std::string owner;        // split from repository
  std::string repo;
  std::string sha;  // GITHUB_SHA: for pull_request, the test merge commit
  std::string ref;  // "refs/heads/main", "refs/pull/2/merge"
  std::string run_id;
  std::string run_attempt;
  std::string server_url;  // "https://github.com"
  std::string api_url;     // "https://api.github.com" or GHES "https://HOST/api/v3"
  std::string event_name;  // "pull_request", "push", …
  std::string event_path;
  std::string workspace;
  std::string step_summary_path;
  std::string output_path;
  std::string workflow;
  std::string job;

  // "$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID", or "" when unknown.
  std::string run_url() const;
};
RunnerContext read_runner_context(const EnvLookup& env);

enum class EventKind { pull_request, push, deployment_status, workflow_dispatch, other };

// What perf-gate needs from the event payload.
struct EventInfo {
  EventKind kind = EventKind::other;
  std::string name;                  // GITHUB_EVENT_NAME as given
  std::optional<int64_t> pr_number;  // pull_request (and pull_request_target)
  std::string head_sha;         // the commit to report on (PR head, push after, deployment sha)
  std::string head_repository;  // PR: head.repo.full_name
  std::string base_repository;  // PR: base.repo.full_name
  bool is_fork = false;         // PR from another repository: the token is read-only
  std::string default_branch;   // repository.default_branch
  std::string ref;              // push/dispatch ref; deployment ref
  std::optional<int64_t> deployment_id;
  std::string deployment_url;  // API URL of the deployment
  std::string environment;     // deployment environment ("production")
  // Deployment fields are read from any payload with a `deployment` object (deployment and
  // deployment_status events).
  std::string deployment_state;  // deployment_status.state ("success", "failure", …)
  std::string environment_url;   // deployment_status.environment_url (may be "")
};

EventKind event_kind_from_name(std::string_view event_name);

// Parses a payload; `source` names it in errors. `fallback_sha` (GITHUB_SHA) fills head_sha when
// the payload has none (workflow_dispatch) or when a push deleted the ref (all-zero `after`).
Result<EventInfo> parse_event(std::string_view json_text, std::string_view event_name,
                              const std::string& source, const std::string& fallback_sha);

// Reads GITHUB_EVENT_PATH; with no path (not on Actions) the event is `other` with GITHUB_SHA.
Result<EventInfo> read_event(const RunnerContext& context);

}  // namespace perfgate::ci
