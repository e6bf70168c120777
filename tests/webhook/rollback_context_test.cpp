// SPDX-License-Identifier: MIT
#include "perfgate/webhook/rollback_context.h"

#include <gtest/gtest.h>

#include <map>

#include "support/test_paths.h"

namespace perfgate::webhook {
namespace {

ci::EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(RollbackContextTest, ReadsDeploymentStatusEvent) {
  auto context = context_from_github_environment(env_of({
      {"GITHUB_REPOSITORY", "Codertocat/Hello-World"},
      {"GITHUB_SHA", "f95f852bd8fca8fcc58a9a2d6c842781e32a215e"},
      {"GITHUB_REF", "refs/heads/master"},
      {"GITHUB_SERVER_URL", "https://github.com"},
      {"GITHUB_RUN_ID", "42"},
      {"GITHUB_EVENT_NAME", "deployment_status"},
      {"GITHUB_EVENT_PATH", (test::data_dir() / "github/event-deployment_status.json").string()},
  }));
  EXPECT_EQ(context.repository, "Codertocat/Hello-World");
  EXPECT_EQ(context.run_url, "https://github.com/Codertocat/Hello-World/actions/runs/42");
  EXPECT_EQ(context.deployment_id, 145988746);
  EXPECT_EQ(context.deployment_url,
            "https://api.github.com/repos/Codertocat/Hello-World/deployments/145988746");
  EXPECT_EQ(context.environment, "production");
  EXPECT_EQ(context.default_branch, "master");
  EXPECT_EQ(context.event_kind(), EventKind::deployment_status);
}

TEST(RollbackContextTest, PushToDefaultBranchFromEventPayload) {
  auto context = context_from_github_environment(env_of({
      {"GITHUB_EVENT_NAME", "push"},
      {"GITHUB_REF", "refs/heads/master"},
      {"GITHUB_EVENT_PATH", (test::data_dir() / "github/event-push.json").string()},
  }));
  EXPECT_EQ(context.event_kind(), EventKind::push_default_branch);
  EXPECT_FALSE(context.deployment_id.has_value());
}

TEST(RollbackContextTest, PullRequestEventIsPullRequest) {
  auto context = context_from_github_environment(env_of({
      {"GITHUB_EVENT_NAME", "pull_request"},
      {"GITHUB_REF", "refs/pull/2/merge"},
      {"GITHUB_EVENT_PATH", (test::data_dir() / "github/event-pull_request.json").string()},
  }));
  EXPECT_EQ(context.event_kind(), EventKind::pull_request);
}

TEST(RollbackContextTest, MissingOrBrokenPayloadLeavesFieldsEmpty) {
  test::TempDir dir;
  std::string broken = dir.file("event.json");
  FILE* file = std::fopen(broken.c_str(), "w");
  std::fputs("{not json", file);
  std::fclose(file);
  auto context = context_from_github_environment(
      env_of({{"GITHUB_EVENT_NAME", "deployment_status"}, {"GITHUB_EVENT_PATH", broken}}));
  EXPECT_TRUE(context.environment.empty());
  EXPECT_EQ(context.event_kind(), EventKind::deployment_status);
  auto outside_ci = context_from_github_environment(env_of({}));
  EXPECT_EQ(outside_ci.event_kind(), EventKind::local);
  EXPECT_TRUE(outside_ci.run_url.empty());
}

}  // namespace
}  // namespace perfgate::webhook
