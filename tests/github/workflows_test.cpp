// SPDX-License-Identifier: MIT
// Every shipped workflow in workflows/, run step by step in a simulated runner (fresh empty
// workspace, the runner's variables and file commands, the fake GitHub API, a local git origin):
// the PR gate; a push that creates the baseline and the next PR gated against it, with the
// baseline committed or kept on a data branch; a deployment whose gate fails and calls the
// rollback webhook.
#include <gtest/gtest.h>

#include <filesystem>
#include <list>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "perfgate/results/result_file.h"
#include "perfgate/util/file.h"
#include "support/fake_github_server.h"
#include "support/subprocess.h"
#include "support/test_http_server.h"
#include "support/test_paths.h"
#include "support/webhook_receiver.h"
#include "support/workflow_runner.h"

namespace perfgate::test {
namespace {

nlohmann::json recorded_event(const std::string& name) {
  return nlohmann::json::parse(
      util::read_file((data_dir() / "github" / ("event-" + name + ".json")).string()).value());
}

std::string workflow(const std::string& name) {
  return (source_dir() / "workflows" / name).string();
}

void git(const std::vector<std::string>& args, const std::string& cwd) {
  ProcessOptions options;
  options.working_dir = cwd;
  std::vector<std::string> argv = {"/usr/bin/git", "-c", "user.name=test", "-c",
                                   "user.email=t@example.com"};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessResult result = run_process(argv, options);
  ASSERT_EQ(result.exit_code, 0) << result.err;
}

class WorkflowsTest : public ::testing::Test {
 protected:
  // The user's repository on "GitHub": a bare origin whose main branch holds perf/scenario.yaml
  // (targeting the loopback app) and perf/thresholds.yaml, and no baseline yet.
  void SetUp() override {
    git({"init", "-q", "--bare", "-b", "main", m_origin.path().string()}, m_origin.path().string());
    TempDir seed;
    std::filesystem::create_directories(seed.path() / "perf");
    ASSERT_TRUE(util::write_file_atomic(seed.file("perf/scenario.yaml"), scenario()).ok());
    ASSERT_TRUE(util::write_file_atomic(seed.file("perf/thresholds.yaml"),
                                        "http_req_duration: [\"p(95)<100\"]\n"
                                        "http_req_failed: [\"rate<0.01\"]\n")
                    .ok());
    git({"init", "-q", "-b", "main"}, seed.path().string());
    git({"add", "."}, seed.path().string());
    git({"commit", "-q", "-m", "perf: scenario and thresholds"}, seed.path().string());
    git({"push", "-q", m_origin.path().string(), "main"}, seed.path().string());
  }

  void TearDown() override {
    for (const std::string& violation : m_github.violations()) ADD_FAILURE() << violation;
    EXPECT_FALSE(m_github.token_leaked());
  }

  std::string scenario() const {
    return "name: api\ntarget: " + m_app.base_url() +
           "\nscenarios:\n  - name: browse\n    steps:\n      - name: home\n        get: /\n"
           "profiles:\n  baseline: { vus: 4, duration: 1s }\n  smoke: { vus: 1, duration: 1s }\n";
  }

  SimulatedRun run_of(const std::string& file, const std::string& event_name, nlohmann::json event,
                      const std::string& ref) {
    SimulatedRun run;
    run.workflow = workflow(file);
    run.event_name = event_name;
    run.event = std::move(event);
    run.origin = m_origin.path().string();
    run.api_url = m_github.api_url();
    run.token = m_github.config().token;
    run.repository = "Codertocat/Hello-World";
    run.ref = ref;
    run.services["app"] = "127.0.0.1:" + std::to_string(m_app.port());
    return run;
  }

  JobRecord pull_request() {
    TempDir& workspace = m_workspaces.emplace_back();
    return run_workflow(run_of("perf-gate-pr.yml", "pull_request", recorded_event("pull_request"),
                               "refs/pull/2/merge"),
                        workspace.path().string());
  }

  std::string origin_file(const std::string& path) {
    ProcessResult show = run_process(
        {"/usr/bin/git", "--git-dir", m_origin.path().string(), "show", "main:" + path});
    return show.exit_code == 0 ? show.out : "";
  }

  TestHttpServer m_app;
  FakeGitHubServer m_github;
  TempDir m_origin;
  std::list<TempDir> m_workspaces;  // a list: TempDirs do not move
};

TEST_F(WorkflowsTest, PullRequestGateCommentsChecksAndUploadsTheReports) {
  JobRecord job = pull_request();
  ASSERT_FALSE(job.skipped);
  const StepRecord* gate = job.step("gate");
  ASSERT_NE(gate, nullptr);
  EXPECT_EQ(gate->exit_code, 0) << gate->err;
  EXPECT_EQ(gate->outputs.at("verdict"), "pass") << gate->summary;
  EXPECT_EQ(gate->outputs.at("report-dir"), "perf-gate-report");
  EXPECT_TRUE(std::filesystem::exists(job.workspace + "/perf-gate-report/results.json"));
  EXPECT_NE(gate->summary.find("**Baseline:** none"), std::string::npos);
  EXPECT_EQ(m_github.comments(2).size(), 1u);
  EXPECT_EQ(m_github.check_runs().size(), 1u);
  EXPECT_FALSE(job.failed);
  EXPECT_GT(m_app.request_count(), 0u);  // through the service name, on loopback
}

TEST_F(WorkflowsTest, InterleavedPullRequestComparesHeadAndBaseSideBySide) {
  TempDir& workspace = m_workspaces.emplace_back();
  SimulatedRun run = run_of("perf-gate-ab.yml", "pull_request", recorded_event("pull_request"),
                            "refs/pull/2/merge");
  run.services["base"] = run.services["app"];  // the same build on both sides: no regression
  JobRecord job = run_workflow(run, workspace.path().string());
  ASSERT_FALSE(job.skipped);
  const StepRecord* gate = job.step("gate");
  ASSERT_NE(gate, nullptr);
  EXPECT_NE(gate->exit_code, 2) << gate->err;
  EXPECT_NE(gate->outputs.at("verdict"), "fail") << gate->summary;
  EXPECT_NE(gate->err.find("interleaved A/B"), std::string::npos) << gate->err;
  EXPECT_TRUE(std::filesystem::exists(job.workspace + "/perf-gate-report/base-results.json"));
  EXPECT_EQ(m_github.comments(2).size(), 1u);
}

TEST_F(WorkflowsTest, PushCreatesTheBaselineAndTheNextPullRequestIsGatedAgainstIt) {
  TempDir& workspace = m_workspaces.emplace_back();
  JobRecord push = run_workflow(
      run_of("perf-gate-baseline.yml", "push", recorded_event("push"), "refs/heads/main"),
      workspace.path().string());
  ASSERT_FALSE(push.skipped);
  for (const StepRecord& step : push.steps) {
    EXPECT_EQ(step.exit_code, 0) << step.name << ": " << step.err << step.out;
  }
  std::string baseline = origin_file("perf/baseline.json");
  ASSERT_FALSE(baseline.empty()) << "the baseline was not committed and pushed";
  auto doc = nlohmann::json::parse(baseline);
  EXPECT_EQ(doc["runs"], 1);
  std::string sha = doc["latest"]["meta"]["git_sha"];
  EXPECT_EQ(sha.size(), 40u);  // the pushed commit, from GITHUB_SHA

  JobRecord next = pull_request();
  const StepRecord* gate = next.step("gate");
  ASSERT_NE(gate, nullptr);
  EXPECT_TRUE(gate->exit_code == 0 || gate->exit_code == 1) << gate->err;
  EXPECT_EQ(gate->summary.find("**Baseline:** none"), std::string::npos);
  EXPECT_NE(gate->summary.find(sha.substr(0, 7)), std::string::npos) << gate->summary;
  EXPECT_NE(gate->summary.find(" → "), std::string::npos) << "no baseline → current cells";
}

TEST_F(WorkflowsTest, DataBranchKeepsTheBaselineWithOnlyTheTokenAndGatesTheNextPullRequest) {
  const std::string stored_path = "baselines/api-baseline.json";
  TempDir& push_workspace = m_workspaces.emplace_back();
  JobRecord push = run_workflow(
      run_of("perf-gate-branch.yml", "push", recorded_event("push"), "refs/heads/main"),
      push_workspace.path().string());
  ASSERT_FALSE(push.skipped);
  for (const StepRecord& step : push.steps) {
    EXPECT_EQ(step.exit_code, 0) << step.name << ": " << step.err << step.out;
  }
  std::optional<std::string> stored = m_github.file("perf-gate-data", stored_path);
  ASSERT_TRUE(stored.has_value()) << "the run was not stored on the data branch";
  auto doc = nlohmann::json::parse(*stored);
  EXPECT_EQ(doc["runs"], 1);
  std::string sha = doc["latest"]["meta"]["git_sha"];
  EXPECT_EQ(sha.size(), 40u);
  EXPECT_TRUE(origin_file(stored_path).empty()) << "nothing is committed to main";
  EXPECT_FALSE(m_github.file("main", stored_path).has_value());

  TempDir& pr_workspace = m_workspaces.emplace_back();
  JobRecord pr = run_workflow(run_of("perf-gate-branch.yml", "pull_request",
                                     recorded_event("pull_request"), "refs/pull/2/merge"),
                              pr_workspace.path().string());
  const StepRecord* gate = pr.step("gate");
  ASSERT_NE(gate, nullptr);
  EXPECT_TRUE(gate->exit_code == 0 || gate->exit_code == 1) << gate->err;
  EXPECT_EQ(gate->summary.find("**Baseline:** none"), std::string::npos) << gate->summary;
  EXPECT_NE(gate->summary.find(sha.substr(0, 7)), std::string::npos) << gate->summary;
  EXPECT_EQ(nlohmann::json::parse(*m_github.file("perf-gate-data", stored_path))["runs"], 1)
      << "a pull request only reads the baseline";

  TempDir& next_push_workspace = m_workspaces.emplace_back();
  JobRecord next_push = run_workflow(
      run_of("perf-gate-branch.yml", "push", recorded_event("push"), "refs/heads/main"),
      next_push_workspace.path().string());
  ASSERT_NE(next_push.step("gate"), nullptr);
  EXPECT_NE(next_push.step("gate")->exit_code, 3) << next_push.step("gate")->err;
  EXPECT_EQ(nlohmann::json::parse(*m_github.file("perf-gate-data", stored_path))["runs"], 2);
}

TEST_F(WorkflowsTest, DeploymentThatFailsItsGateCallsTheRollbackWebhook) {
  // With main's baseline in the repository (of profile baseline, not the deployment's smoke).
  TempDir& main_workspace = m_workspaces.emplace_back();
  run_workflow(run_of("perf-gate-baseline.yml", "push", recorded_event("push"), "refs/heads/main"),
               main_workspace.path().string());
  ASSERT_FALSE(origin_file("perf/baseline.json").empty());
  ReceiverConfig config;
  config.secret = "rollback-secret";
  WebhookReceiver receiver(config);
  nlohmann::json event = recorded_event("deployment_status");
  event["deployment_status"]["state"] = "success";
  // The deployed environment answers every request after 300 ms: p95 < 100 ms fails.
  event["deployment_status"]["environment_url"] = m_app.base_url() + "/delay/300";
  SimulatedRun run =
      run_of("perf-gate-deployment.yml", "deployment_status", event, "refs/heads/main");
  run.secrets = {{"ROLLBACK_WEBHOOK_URL", receiver.url()},
                 {"ROLLBACK_WEBHOOK_SECRET", "rollback-secret"}};
  TempDir& workspace = m_workspaces.emplace_back();
  JobRecord job = run_workflow(run, workspace.path().string());
  ASSERT_FALSE(job.skipped);
  ASSERT_EQ(job.steps.size(), 2u);
  const StepRecord& gate = job.steps[1];
  EXPECT_EQ(gate.exit_code, 1) << gate.err;
  EXPECT_EQ(gate.outputs.at("verdict"), "fail");
  auto deliveries = receiver.deliveries();
  ASSERT_EQ(deliveries.size(), 1u) << gate.err;
  EXPECT_TRUE(deliveries[0].standard_signature_ok);
  EXPECT_TRUE(deliveries[0].rejection.empty()) << deliveries[0].rejection;
  EXPECT_EQ(m_github.issues().size(), 1u);  // issue: 'true'
  EXPECT_EQ(m_github.issues()[0].state, "open");
}

TEST_F(WorkflowsTest, DeploymentThatDidNotSucceedIsNotGated) {
  nlohmann::json event = recorded_event("deployment_status");
  event["deployment_status"]["state"] = "failure";
  TempDir& workspace = m_workspaces.emplace_back();
  JobRecord job = run_workflow(
      run_of("perf-gate-deployment.yml", "deployment_status", event, "refs/heads/main"),
      workspace.path().string());
  EXPECT_TRUE(job.skipped);
  EXPECT_EQ(m_app.request_count(), 0u);
}

// perf-gate-sharded.yml, job by job as the runners would run it: the plan job's start time, the
// 4 matrix jobs side by side (each with its own workspace, uploading its shard), then the gate
// job that downloads every shard's artifact, merges and gates. `skip` leaves one shard out (its
// matrix job failed before uploading anything).
struct ShardedOutcome {
  std::vector<JobRecord> shards;
  JobRecord gate;
};

class ShardedWorkflowTest : public WorkflowsTest {
 protected:
  ShardedOutcome run_sharded(std::optional<int> skip = std::nullopt) {
    SimulatedRun base =
        run_of("perf-gate-sharded.yml", "push", recorded_event("push"), "refs/heads/main");
    base.vars["PERF_TARGET_URL"] = m_app.base_url();
    base.env["PERF_GATE_START_LEAD"] = "2";  // seconds: the runners here are all at hand
    base.artifacts = m_artifacts.path().string();
    JobRecord plan = run_workflow_job(base, "plan", m_workspaces.emplace_back().path().string());
    EXPECT_FALSE(plan.failed) << (plan.steps.empty() ? "" : plan.steps[0].err);
    EXPECT_FALSE(plan.outputs["start-at"].empty());

    std::vector<std::map<std::string, std::string>> matrix =
        workflow_matrix(base.workflow, "shard");
    ShardedOutcome outcome;
    outcome.shards.resize(matrix.size());
    std::vector<std::string> workspaces;
    for (size_t i = 0; i < matrix.size(); ++i)
      workspaces.push_back(m_workspaces.emplace_back().path().string());
    std::vector<std::thread> runners;
    for (size_t i = 0; i < matrix.size(); ++i) {
      if (skip && static_cast<size_t>(*skip) == i) continue;
      SimulatedRun run = base;
      run.needs["plan"] = plan.outputs;
      run.matrix = matrix[i];
      run.job_index = static_cast<int>(i);
      run.job_total = static_cast<int>(matrix.size());
      runners.emplace_back([&outcome, &workspaces, run, i] {
        outcome.shards[i] = run_workflow_job(run, "shard", workspaces[i]);
      });
    }
    for (std::thread& runner : runners) runner.join();

    SimulatedRun gate = base;
    gate.needs["shard"] = {};
    outcome.gate = run_workflow_job(gate, "gate", m_workspaces.emplace_back().path().string());
    return outcome;
  }

  TempDir m_artifacts;
};

TEST_F(ShardedWorkflowTest, FourMatrixShardsStartTogetherAndTheirMergeIsGated) {
  ShardedOutcome outcome = run_sharded();
  ASSERT_EQ(outcome.shards.size(), 4u);
  for (size_t i = 0; i < outcome.shards.size(); ++i) {
    const StepRecord* run = outcome.shards[i].step("run");
    ASSERT_NE(run, nullptr);
    EXPECT_EQ(run->exit_code, 0) << "shard " << i << ": " << run->err;
    EXPECT_FALSE(outcome.shards[i].failed);
  }
  const StepRecord* gate = outcome.gate.step("gate");
  ASSERT_NE(gate, nullptr);
  EXPECT_EQ(gate->exit_code, 0) << gate->err;
  EXPECT_EQ(gate->outputs.at("verdict"), "pass") << gate->summary;
  auto merged =
      results::read_result_file(outcome.gate.workspace + "/perf-gate-report/results.json");
  ASSERT_TRUE(merged.ok()) << merged.error().describe();
  EXPECT_EQ(merged->meta.merged_shards, (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(static_cast<size_t>(merged->metrics.total().requests), m_app.request_count());
  EXPECT_FALSE(outcome.gate.failed);
}

TEST_F(ShardedWorkflowTest, AMissingShardIsReportedAsIncompleteNotAsASlowerService) {
  ShardedOutcome outcome = run_sharded(2);
  const StepRecord* gate = outcome.gate.step("gate");
  ASSERT_NE(gate, nullptr);
  EXPECT_EQ(gate->exit_code, 0) << gate->err;  // fail-on: fail; inconclusive does not fail
  EXPECT_EQ(gate->outputs.at("verdict"), "inconclusive") << gate->summary;
  EXPECT_NE(gate->summary.find("3 of 4 shards (missing: 2)"), std::string::npos) << gate->summary;
}

}  // namespace
}  // namespace perfgate::test
