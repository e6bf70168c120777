// SPDX-License-Identifier: MIT
#include "perfgate/webhook/rollback_context.h"

#include "perfgate/ci/runner_env.h"

namespace perfgate::webhook {

EventKind RollbackContext::event_kind() const {
  return classify_event(event_name, ref, default_branch);
}

RollbackContext rollback_context_from(const ci::RunnerContext& runner, const ci::EventInfo& event) {
  RollbackContext context;
  context.repository = runner.repository;
  context.sha = runner.sha;
  context.ref = runner.ref;
  context.event_name = runner.event_name;
  context.run_url = runner.run_url();
  context.default_branch = event.default_branch;
  context.deployment_id = event.deployment_id;
  context.deployment_url = event.deployment_url;
  context.environment = event.environment;
  // Outside a runner (or a hand-made environment) the payload still knows the commit.
  if (context.sha.empty()) context.sha = event.head_sha;
  if (context.ref.empty()) context.ref = event.ref;
  return context;
}

RollbackContext context_from_github_environment(const ci::EnvLookup& env) {
  ci::RunnerContext runner = ci::read_runner_context(env);
  // A payload perf-gate cannot read costs the fields only it knows, not the rollback: the
  // webhook still goes out.
  Result<ci::EventInfo> event = ci::read_event(runner);
  return rollback_context_from(runner, event ? *event : ci::EventInfo{});
}

}  // namespace perfgate::webhook
