// SPDX-License-Identifier: MIT
// Publishing a gate's verdict to GitHub: the sticky PR comment, the regression issue, and the
// check run or commit status. Skipped, with a notice, for fork pull requests and without a
// token; a failure here is reported, never allowed to hide the verdict.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "perfgate/ci/runner_env.h"
#include "perfgate/github/gate_config.h"
#include "perfgate/github/github_client.h"

namespace perfgate::github {

struct PublishInput {
  std::string markdown;         // the report, sized for a PR comment
  std::string title;            // one line: the report's headline
  bool verdict_failed = false;  // the verdict is fail (regression or breach)
  bool verdict_warned = false;
  bool gate_failed = false;  // the step fails under fail-on
  std::string scenario;      // fingerprint of the regression issue
  std::string profile;
  std::string gate_id;  // sticky comment id
};

struct PublishReport {
  bool skipped = false;
  std::vector<std::string> notices;  // what was done or skipped, one line each
  std::vector<std::string> errors;   // what failed (token-free)
  std::string comment_url;
  int64_t issue_number = 0;
  std::string issue_url;
  std::string check_url;
};

// Why nothing may be published ("no github-token", "pull request from a fork: the token is
// read-only", "GITHUB_REPOSITORY is not set"), or nullopt.
std::optional<std::string> publishing_skip_reason(const GateConfig& config,
                                                  const ci::RunnerContext& runner,
                                                  const ci::EventInfo& event);

// Publishes what the configuration asks for; every step is attempted even when one fails.
PublishReport publish(GitHubClient& client, const GateConfig& config,
                      const ci::RunnerContext& runner, const ci::EventInfo& event,
                      const PublishInput& input);

}  // namespace perfgate::github
