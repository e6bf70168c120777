// SPDX-License-Identifier: MIT
// RollbackContext: what a rollback request says about the deployment it concerns, and the CI
// event it runs for. Filled from GitHub Actions' environment (GITHUB_* variables and the event
// payload at GITHUB_EVENT_PATH) and overridden by flags.
#pragma once

#include <optional>
#include <string>

#include "perfgate/ci/runner_env.h"
#include "perfgate/webhook/rollback_policy.h"

namespace perfgate::webhook {

struct RollbackContext {
  std::string repository;                  // "owner/name"
  std::string environment;                 // deployment environment, e.g. "production"
  std::optional<long long> deployment_id;  // GitHub deployment id, when known
  std::string deployment_url;              // the deployment's API URL, when known
  std::string sha;
  std::string ref;
  std::string run_url;         // the workflow run
  std::string report_url;      // the HTML report or PR comment, when published
  std::string event_name;      // GITHUB_EVENT_NAME; empty outside CI
  std::string default_branch;  // from the event payload, when it has a repository
  // classify_event(event_name, ref, default_branch)
  EventKind event_kind() const;
};

// The context from the CI context as ci::read_runner_context and ci::read_event found it: the
// repository, commit, ref, run URL, event name, the repository's default branch, and the
// deployment's id, URL and environment.
RollbackContext rollback_context_from(const ci::RunnerContext& runner, const ci::EventInfo& event);

// Reads the runner's environment and event payload. Missing variables leave fields empty; an
// unreadable or malformed payload is ignored (the fields it would fill stay empty).
RollbackContext context_from_github_environment(const ci::EnvLookup& env);

}  // namespace perfgate::webhook
