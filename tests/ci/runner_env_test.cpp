// SPDX-License-Identifier: MIT
#include "perfgate/ci/runner_env.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "perfgate/util/file.h"
#include "support/test_paths.h"

namespace perfgate::ci {
namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::string recorded_event(const std::string& name) {
  return util::read_file((test::data_dir() / "github" / ("event-" + name + ".json")).string())
      .value();
}

TEST(ActionEnvTest, InputNameKeepsHyphensAndUppercases) {
  EXPECT_EQ(input_env_name("github-token"), "INPUT_GITHUB-TOKEN");
  EXPECT_EQ(input_env_name("max delta"), "INPUT_MAX_DELTA");
  EXPECT_EQ(input_env_name("fail-on"), "INPUT_FAIL-ON");
}

TEST(ActionEnvTest, InputIsTrimmedAndEmptyWhenUnset) {
  auto env = env_of({{"INPUT_FAIL-ON", "  warn \n"}});
  EXPECT_EQ(get_input(env, "fail-on"), "warn");
  EXPECT_EQ(get_input(env, "scenario"), "");
}

TEST(ActionEnvTest, BooleanInputAcceptsOnlyYamlCoreSpellings) {
  EXPECT_EQ(parse_boolean_input("issue", "TRUE").value(), std::optional<bool>(true));
  EXPECT_EQ(parse_boolean_input("issue", "False").value(), std::optional<bool>(false));
  EXPECT_FALSE(parse_boolean_input("issue", "").value().has_value());
  auto bad = parse_boolean_input("issue", "yes");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "issue");
}

TEST(ActionEnvTest, RunnerContextSplitsRepositoryAndBuildsRunUrl) {
  auto ctx = read_runner_context(env_of({{"GITHUB_REPOSITORY", "octo/app"},
                                         {"GITHUB_SERVER_URL", "https://github.com"},
                                         {"GITHUB_RUN_ID", "42"},
                                         {"GITHUB_API_URL", "https://ghe.local/api/v3/"},
                                         {"GITHUB_ACTIONS", "true"}}));
  EXPECT_TRUE(ctx.on_actions);
  EXPECT_EQ(ctx.owner, "octo");
  EXPECT_EQ(ctx.repo, "app");
  EXPECT_EQ(ctx.api_url, "https://ghe.local/api/v3");
  EXPECT_EQ(ctx.run_url(), "https://github.com/octo/app/actions/runs/42");
}

TEST(ActionEnvTest, ApiUrlDefaultsToGitHubDotCom) {
  EXPECT_EQ(read_runner_context(env_of({})).api_url, "https://api.github.com");
}

TEST(ActionEnvTest, PullRequestEventGivesNumberHeadShaAndNotFork) {
  auto info =
      parse_event(recorded_event("pull_request"), "pull_request", "event.json", "merge-sha");
  ASSERT_TRUE(info.ok()) << info.error().describe();
  EXPECT_EQ(info->kind, EventKind::pull_request);
  EXPECT_EQ(info->pr_number, 2);
  EXPECT_EQ(info->head_sha, "ec26c3e57ca3a959ca5aad62de7213c562f8c821");
  EXPECT_FALSE(info->is_fork);
  EXPECT_EQ(info->default_branch, "master");
}

TEST(ActionEnvTest, PullRequestFromAnotherRepositoryIsAFork) {
  auto doc = nlohmann::json::parse(recorded_event("pull_request"));
  doc["pull_request"]["head"]["repo"]["full_name"] = "stranger/Hello-World";
  auto info = parse_event(doc.dump(), "pull_request", "event.json", "");
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(info->is_fork);
}

TEST(ActionEnvTest, PushEventUsesAfter) {
  auto info = parse_event(recorded_event("push"), "push", "event.json", "other");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->head_sha, "6113728f27ae82c7b1a177c8d03f9e96e0adf246");
  EXPECT_EQ(info->ref, "refs/heads/master");
  EXPECT_FALSE(info->pr_number.has_value());
}

TEST(ActionEnvTest, DeletedRefFallsBackToGithubSha) {
  auto info = parse_event(recorded_event("push.tag-deleted"), "push", "event.json", "fallback-sha");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->head_sha, "fallback-sha");
}

TEST(ActionEnvTest, DeploymentStatusEventGivesDeployment) {
  auto info =
      parse_event(recorded_event("deployment_status"), "deployment_status", "event.json", "");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->deployment_id, 145988746);
  EXPECT_EQ(info->environment, "production");
  EXPECT_EQ(info->deployment_state, "success");
  EXPECT_EQ(info->head_sha, "f95f852bd8fca8fcc58a9a2d6c842781e32a215e");
  EXPECT_EQ(info->deployment_url,
            "https://api.github.com/repos/Codertocat/Hello-World/deployments/145988746");
}

TEST(ActionEnvTest, WorkflowDispatchUsesGithubSha) {
  auto info = parse_event(recorded_event("workflow_dispatch"), "workflow_dispatch", "event.json",
                          "dispatch-sha");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->kind, EventKind::workflow_dispatch);
  EXPECT_EQ(info->head_sha, "dispatch-sha");
}

TEST(ActionEnvTest, MalformedPayloadNamesTheFile) {
  auto info = parse_event("{not json", "push", "/tmp/event.json", "");
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.error().kind, ErrorKind::bad_input);
  EXPECT_NE(info.error().describe().find("/tmp/event.json"), std::string::npos);
}

TEST(ActionEnvTest, MissingEventFileIsAnError) {
  RunnerContext ctx;
  ctx.event_name = "push";
  ctx.event_path = "/nonexistent/event.json";
  EXPECT_FALSE(read_event(ctx).ok());
}

}  // namespace
}  // namespace perfgate::ci
