// SPDX-License-Identifier: MIT
// `perf-gate gate` end to end: the real binary in a simulated runner environment (event payloads
// from tests/data/github, temporary GITHUB_OUTPUT and GITHUB_STEP_SUMMARY), publishing to the fake
// GitHub server on loopback through the real libcurl client.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "perfgate/results/result_file.h"
#include "perfgate/util/file.h"
#include "support/fake_github_runner.h"
#include "support/fake_github_server.h"
#include "support/test_paths.h"
#include "support/workflow_runner.h"

namespace perfgate::test {
namespace {

// A results file with `endpoints` endpoints ("login", or "ep0", "ep1", …), 1,000 requests each.
void write_results(const std::string& path, double latency_ms, int endpoints = 1,
                   const std::string& profile = "baseline") {
  results::RunResult run;
  run.meta.scenario = "api";
  run.meta.profile = profile;
  run.meta.model = "closed";
  run.meta.target = "http://127.0.0.1:8080";
  run.meta.start_time = std::chrono::system_clock::now();
  run.meta.duration = std::chrono::seconds(10);
  run.meta.perf_gate_version = "test";
  for (int e = 0; e < endpoints; ++e) {
    auto& series = run.metrics.get_or_add(endpoints == 1 ? "login" : "ep" + std::to_string(e));
    series.totals.requests = 1000;
    series.totals.status_counts[200] = 1000;
    auto us = static_cast<int64_t>(latency_ms * 1000);
    series.totals.latency.record(us, 1000);
    series.totals.latency_uncorrected.record(us, 1000);
  }
  auto status = results::write_result_file(path, run);
  if (!status) throw std::runtime_error(status.error().describe());
}

// A run of 100 requests of which `refused` were refused (all: a target that is not there).
void write_refused_results(const std::string& path, int refused = 100) {
  results::RunResult run;
  run.meta.scenario = "api";
  run.meta.profile = "baseline";
  run.meta.model = "closed";
  run.meta.target = "http://127.0.0.1:9";
  run.meta.start_time = std::chrono::system_clock::now();
  run.meta.duration = std::chrono::seconds(1);
  run.meta.perf_gate_version = "test";
  auto& series = run.metrics.get_or_add("login");
  series.totals.requests = 100;
  series.totals.errors = refused;
  series.totals.errors_by_kind[static_cast<size_t>(metrics::ErrorKind::connect)] = refused;
  if (refused < 100) series.totals.status_counts[200] = 100 - refused;
  series.totals.latency.record(50, 100);
  series.totals.latency_uncorrected.record(50, 100);
  auto status = results::write_result_file(path, run);
  if (!status) throw std::runtime_error(status.error().describe());
}

// A scenario whose target is a loopback port nothing listens on (the discard port).
constexpr const char* k_unreachable_scenario = R"(name: api
target: http://127.0.0.1:9
scenarios:
  - name: browse
    steps:
      - name: login
        get: /
profiles:
  baseline: { vus: 1, duration: 1s }
  smoke: { vus: 1, duration: 1s }
)";

class GateEndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_results(m_dir.file("slow.json"), 620, 1);
    write_results(m_dir.file("fast.json"), 120, 1);
    ASSERT_TRUE(util::write_file_atomic(m_dir.file("thresholds.json"),
                                        R"({"http_req_duration": ["p(95)<500"]})")
                    .ok());
    ASSERT_TRUE(util::write_file_atomic(m_dir.file("output"), "").ok());
    ASSERT_TRUE(util::write_file_atomic(m_dir.file("summary"), "").ok());
  }

  void TearDown() override {
    for (const std::string& violation : m_server.violations()) ADD_FAILURE() << violation;
    EXPECT_FALSE(m_server.token_leaked());
  }

  // The payload of `name` from tests/data/github, written as the runner would.
  std::string event_file(const std::string& name, bool fork = false) {
    auto text =
        util::read_file((data_dir() / "github" / ("event-" + name + ".json")).string()).value();
    auto doc = nlohmann::json::parse(text);
    if (fork) {
      doc["pull_request"]["head"]["repo"]["full_name"] = "stranger/Hello-World";
      doc["pull_request"]["head"]["repo"]["fork"] = true;
    }
    std::string path = m_dir.file("event-" + name + ".json");
    EXPECT_TRUE(util::write_file_atomic(path, doc.dump()).ok());
    return path;
  }

  std::map<std::string, std::string> runner_env(const std::string& event_name, bool fork = false) {
    return {
        {"GITHUB_ACTIONS", "true"},
        {"CI", "true"},
        {"GITHUB_REPOSITORY", "Codertocat/Hello-World"},
        {"GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567"},
        {"GITHUB_REF", event_name == "pull_request" ? "refs/pull/2/merge" : "refs/heads/master"},
        {"GITHUB_RUN_ID", "1658821493"},
        {"GITHUB_SERVER_URL", "https://github.com"},
        {"GITHUB_API_URL", m_server.api_url()},
        {"GITHUB_EVENT_NAME", event_name},
        {"GITHUB_EVENT_PATH", event_file(event_name, fork)},
        {"GITHUB_WORKSPACE", m_dir.path().string()},
        {"GITHUB_OUTPUT", m_dir.file("output")},
        {"GITHUB_STEP_SUMMARY", m_dir.file("summary")},
        {"HOME", m_dir.path().string()},
        {"PATH", "/usr/bin:/bin"},
        // Every declared input is set by the runner, empty or not.
        {"INPUT_RESULTS", m_dir.file("slow.json")},
        {"INPUT_THRESHOLDS", m_dir.file("thresholds.json")},
        {"INPUT_GITHUB-TOKEN", m_server.config().token},
        {"INPUT_COMMENT", "true"},
        {"INPUT_ISSUE", "false"},
        {"INPUT_CHECK", "check-run"},
        {"INPUT_FAIL-ON", "fail"},
        {"INPUT_REPORT-DIR", m_dir.file("report")},
        {"INPUT_ROLLBACK-WEBHOOK", ""},
        {"INPUT_TOLERANCE", ""}};
  }

  ProcessOutcome gate(std::map<std::string, std::string> env,
                      const std::vector<std::string>& args = {}) {
    std::vector<std::string> argv = {"gate"};
    argv.insert(argv.end(), args.begin(), args.end());
    ProcessOutcome outcome = run_perf_gate(argv, env, m_dir.path().string());
    m_outputs += outcome.out + outcome.err;
    return outcome;
  }

  std::string output_file() { return util::read_file(m_dir.file("output")).value(); }
  std::string summary_file() { return util::read_file(m_dir.file("summary")).value(); }

  // The token may appear on stdout only inside the ::add-mask:: command (the runner never echoes
  // it); nowhere else: not in logs, files, reports or outputs.
  void expect_token_absent_everywhere() {
    const std::string& token = m_server.config().token;
    std::string logs = m_outputs;
    for (size_t pos; (pos = logs.find("::add-mask::" + token)) != std::string::npos;) {
      logs.erase(pos, std::string("::add-mask::").size() + token.size());
    }
    EXPECT_EQ(logs.find(token), std::string::npos) << logs;
    EXPECT_EQ(output_file().find(token), std::string::npos);
    EXPECT_EQ(summary_file().find(token), std::string::npos);
    for (const auto& entry : std::filesystem::recursive_directory_iterator(m_dir.file("report"))) {
      EXPECT_EQ(util::read_file(entry.path().string()).value().find(token), std::string::npos)
          << entry.path();
    }
  }

  int count_requests(const std::string& method, const std::string& path_part) {
    int n = 0;
    for (const RecordedRequest& r : m_server.requests()) {
      if (r.method == method && r.path.find(path_part) != std::string::npos) ++n;
    }
    return n;
  }

  TempDir m_dir;
  FakeGitHubServer m_server;
  std::string m_outputs;
};

TEST_F(GateEndToEndTest, FirstRunCreatesCommentSecondUpdatesIt) {
  ProcessOutcome first = gate(runner_env("pull_request"));
  ASSERT_EQ(first.exit_code, 1) << first.err;
  ASSERT_EQ(m_server.comments(2).size(), 1u);
  ProcessOutcome second = gate(runner_env("pull_request"));
  ASSERT_EQ(second.exit_code, 1) << second.err;
  EXPECT_EQ(m_server.comments(2).size(), 1u);
  EXPECT_EQ(count_requests("POST", "/issues/2/comments"), 1);
  EXPECT_EQ(count_requests("PATCH", "/issues/comments/"), 1);
  auto runs = m_server.check_runs();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0]["conclusion"], "failure");
  EXPECT_EQ(runs[0]["head_sha"], "ec26c3e57ca3a959ca5aad62de7213c562f8c821");  // PR head, not merge
  expect_token_absent_everywhere();
}

TEST_F(GateEndToEndTest, WritesOutputsSummaryAndMasksToken) {
  ProcessOutcome run = gate(runner_env("pull_request"));
  ASSERT_EQ(run.exit_code, 1) << run.err;
  std::string outputs = output_file();
  for (const char* name :
       {"verdict<<", "summary<<", "p95-ms<<", "failed-checks<<", "report-html<<"}) {
    EXPECT_NE(outputs.find(name), std::string::npos) << name;
  }
  EXPECT_NE(outputs.find("\nfail\n"), std::string::npos);
  EXPECT_FALSE(summary_file().empty());
  EXPECT_NE(run.out.find("::add-mask::" + m_server.config().token), std::string::npos);
  EXPECT_LT(run.out.find("::add-mask::"), run.out.find("::error"));
  EXPECT_TRUE(std::filesystem::exists(m_dir.file("report/report.html")));
  expect_token_absent_everywhere();
}

TEST_F(GateEndToEndTest, PassingGateExitsZeroWithSuccessCheck) {
  auto env = runner_env("pull_request");
  env["INPUT_RESULTS"] = m_dir.file("fast.json");
  ProcessOutcome run = gate(env);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ASSERT_EQ(m_server.check_runs().size(), 1u);
  EXPECT_EQ(m_server.check_runs()[0]["conclusion"], "success");
  EXPECT_EQ(run.out.find("::error"), std::string::npos);
}

TEST_F(GateEndToEndTest, OneRegressionIssueNeverTwoAndClosedWhenPassing) {
  auto env = runner_env("push");
  env["INPUT_ISSUE"] = "true";
  ASSERT_EQ(gate(env).exit_code, 1);
  ASSERT_EQ(gate(env).exit_code, 1);
  auto issues = m_server.issues();
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].labels, std::vector<std::string>{"performance-regression"});
  EXPECT_NE(
      issues[0].body.find("https://github.com/Codertocat/Hello-World/actions/runs/1658821493"),
      std::string::npos);
  EXPECT_EQ(m_server.comments(issues[0].number).size(), 1u);
  env["INPUT_RESULTS"] = m_dir.file("fast.json");
  ASSERT_EQ(gate(env).exit_code, 0);
  EXPECT_EQ(m_server.issues()[0].state, "closed");
  expect_token_absent_everywhere();
}

TEST_F(GateEndToEndTest, AnnotationsStayWithinGitHubsCaps) {
  write_results(m_dir.file("many.json"), 620, 15);
  std::string rules;
  for (int e = 0; e < 15; ++e)
    rules += fmt::format(R"({}"http_req_duration{{name:ep{}}}": ["p(95)<500"])", e ? "," : "", e);
  ASSERT_TRUE(util::write_file_atomic(m_dir.file("many-thresholds.json"), "{" + rules + "}").ok());
  auto env = runner_env("pull_request");
  env["INPUT_RESULTS"] = m_dir.file("many.json");
  env["INPUT_THRESHOLDS"] = m_dir.file("many-thresholds.json");
  ProcessOutcome run = gate(env);
  ASSERT_EQ(run.exit_code, 1) << run.err;
  int errors = 0;
  for (size_t pos = 0; (pos = run.out.find("::error", pos)) != std::string::npos; ++pos) ++errors;
  EXPECT_EQ(errors, 10);
  EXPECT_NE(run.out.find("more failures"), std::string::npos);
}

TEST_F(GateEndToEndTest, RetriesServerErrorsAndRateLimits) {
  m_server.inject({FaultKind::bad_gateway, "GET", "/comments", 1});
  Fault limited{FaultKind::too_many_requests, "POST", "/comments", 1};
  limited.retry_after = std::chrono::seconds(1);
  m_server.inject(limited);
  Fault primary{FaultKind::primary_rate_limit, "POST", "/check-runs", 1};
  primary.reset_after = std::chrono::seconds(1);
  m_server.inject(primary);
  ProcessOutcome run = gate(runner_env("pull_request"));
  ASSERT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(m_server.comments(2).size(), 1u);
  EXPECT_EQ(m_server.check_runs().size(), 1u);
  EXPECT_EQ(count_requests("GET", "/comments"), 2);
  EXPECT_EQ(count_requests("POST", "/comments"), 2);
  EXPECT_EQ(count_requests("POST", "/check-runs"), 2);
}

TEST_F(GateEndToEndTest, ForkPullRequestSkipsPublishingButKeepsVerdict) {
  ProcessOutcome run = gate(runner_env("pull_request", true));
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_TRUE(m_server.requests().empty());
  EXPECT_NE(run.err.find("fork"), std::string::npos);
  EXPECT_NE(output_file().find("verdict<<"), std::string::npos);
  EXPECT_FALSE(summary_file().empty());
}

TEST_F(GateEndToEndTest, MissingTokenSkipsPublishing) {
  auto env = runner_env("pull_request");
  env["INPUT_GITHUB-TOKEN"] = "";
  ProcessOutcome run = gate(env);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(m_server.requests().empty());
  EXPECT_NE(run.err.find("no github-token"), std::string::npos);
}

TEST_F(GateEndToEndTest, PublishingFailureNeverHidesTheVerdict) {
  m_server.inject({FaultKind::internal_error, "", "", 1000});
  auto env = runner_env("pull_request");
  env["INPUT_RESULTS"] = m_dir.file("fast.json");
  ProcessOutcome run = gate(env);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(output_file().find("verdict<<"), std::string::npos);
  EXPECT_FALSE(summary_file().empty());
  ProcessOutcome strict = gate(env, {"--fail-on-publish-error", "true"});
  EXPECT_EQ(strict.exit_code, 3) << strict.err;
  expect_token_absent_everywhere();
}

TEST_F(GateEndToEndTest, FlagsWinOverInputs) {
  auto env = runner_env("pull_request");
  env["INPUT_FAIL-ON"] = "never";
  EXPECT_EQ(gate(env).exit_code, 0);
  EXPECT_EQ(gate(env, {"--fail-on", "fail"}).exit_code, 1);
}

TEST_F(GateEndToEndTest, BadInputExitsTwoNamingTheInput) {
  auto env = runner_env("pull_request");
  env["INPUT_COMMENT"] = "sometimes";
  ProcessOutcome run = gate(env);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("comment"), std::string::npos);
  EXPECT_TRUE(m_server.requests().empty());
}

TEST_F(GateEndToEndTest, EveryRequestFailedFailsTheGateEvenWithNoRules) {
  write_refused_results(m_dir.file("refused.json"));
  auto env = runner_env("pull_request");
  env["INPUT_RESULTS"] = m_dir.file("refused.json");
  env["INPUT_THRESHOLDS"] = "none";
  ProcessOutcome run = gate(env);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(output_file().find("\nfail\n"), std::string::npos);
  EXPECT_NE(summary_file().find("every one of the 100 requests failed (100 connect)"),
            std::string::npos);
}

TEST_F(GateEndToEndTest, FailOnAllErrorsFalseLetsTheChecksDecide) {
  write_refused_results(m_dir.file("refused.json"));
  auto env = runner_env("pull_request");
  env["INPUT_RESULTS"] = m_dir.file("refused.json");
  env["INPUT_THRESHOLDS"] = "none";
  env["INPUT_FAIL-ON-ALL-ERRORS"] = "false";
  ProcessOutcome run = gate(env);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(output_file().find("\nno_data\n"), std::string::npos);
}

TEST_F(GateEndToEndTest, ARunInWhichEveryRequestFailedIsNotFoldedIntoTheBaseline) {
  write_refused_results(m_dir.file("refused.json"));
  auto env = runner_env("push");
  env["INPUT_RESULTS"] = m_dir.file("refused.json");
  env["INPUT_BASELINE"] = m_dir.file("baseline.json");
  env["INPUT_UPDATE-BASELINE"] = "true";
  ProcessOutcome run = gate(env);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("every request of the run failed: the baseline is not updated"),
            std::string::npos)
      << run.err;
  EXPECT_FALSE(std::filesystem::exists(m_dir.file("baseline.json")));
  // One request answered: a measurement (its error rate is the history's), folded in.
  write_refused_results(m_dir.file("refused.json"), 99);
  gate(env);
  EXPECT_TRUE(std::filesystem::exists(m_dir.file("baseline.json")));
}

TEST_F(GateEndToEndTest, UpdateBaselineCreatesTheDirectoriesOfTheBaselinePath) {
  write_refused_results(m_dir.file("run.json"), 10);
  auto env = runner_env("push");
  env["INPUT_RESULTS"] = m_dir.file("run.json");
  env["INPUT_THRESHOLDS"] = "none";
  env["INPUT_BASELINE"] = m_dir.file("perf/baselines/api.json");
  env["INPUT_UPDATE-BASELINE"] = "true";
  ProcessOutcome run = gate(env);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(std::filesystem::exists(m_dir.file("perf/baselines/api.json"))) << run.err;
}

TEST_F(GateEndToEndTest, NoThresholdsInputMeansAnErrorRateBelowOnePercent) {
  write_refused_results(m_dir.file("some-refused.json"), 10);
  auto env = runner_env("pull_request");
  env["INPUT_RESULTS"] = m_dir.file("some-refused.json");
  env["INPUT_THRESHOLDS"] = "";
  ProcessOutcome run = gate(env);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("built-in default"), std::string::npos) << run.err;
  EXPECT_NE(summary_file().find("rate&lt;0.01"), std::string::npos) << summary_file();
  env["INPUT_THRESHOLDS"] = "none";
  EXPECT_EQ(gate(env).exit_code, 0);
}

TEST_F(GateEndToEndTest, AReportThatCannotBeWrittenIsAWarningAndNoOutputNamesIt) {
  std::filesystem::create_directories(m_dir.file("report/report.html"));  // in the way
  ProcessOutcome run = gate(runner_env("pull_request"));
  EXPECT_EQ(run.exit_code, 1) << run.err;  // the verdict still decides
  EXPECT_NE(run.out.find("::warning title=perf-gate%3A reports not written::"), std::string::npos)
      << run.out;
  auto outputs = parse_github_output(output_file());
  EXPECT_EQ(outputs["report-html"], "");
  EXPECT_EQ(outputs["report-markdown"], m_dir.file("report/report.md"));
}

TEST_F(GateEndToEndTest, ReportDirThatIsAFileIsBadInputNamingTheInput) {
  ASSERT_TRUE(util::write_file_atomic(m_dir.file("taken"), "").ok());
  auto env = runner_env("pull_request");
  env["INPUT_REPORT-DIR"] = m_dir.file("taken");
  ProcessOutcome run = gate(env);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.out.find("::error title=perf-gate%3A bad input::report-dir: "), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("INPUT_REPORT-DIR"), std::string::npos);
  EXPECT_TRUE(m_server.requests().empty());
}

TEST_F(GateEndToEndTest, BadThresholdsFileBecomesAnErrorAnnotationOnItsLine) {
  ASSERT_TRUE(util::write_file_atomic(
                  m_dir.file("typo.yaml"),
                  "http_req_duration: [\"p(95)<500\"]\nhttp_req_faild: [\"rate<0.01\"]\n")
                  .ok());
  auto env = runner_env("pull_request");
  env["INPUT_THRESHOLDS"] = m_dir.file("typo.yaml");
  ProcessOutcome run = gate(env);
  EXPECT_EQ(run.exit_code, 2);
  // The file relative to the workspace, so that GitHub shows the annotation on it.
  EXPECT_NE(run.out.find("::error title=perf-gate%3A bad input,file=typo.yaml,line=2,col=1::"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("http_req_faild"), std::string::npos);
  EXPECT_NE(run.out.find("with: thresholds / INPUT_THRESHOLDS"), std::string::npos);
}

TEST_F(GateEndToEndTest, BaselineOfAnotherProfileIsBadInputBeforeAnyLoad) {
  write_results(m_dir.file("smoke.json"), 120, 1, "smoke");
  ProcessOutcome made = run_perf_gate(
      {"baseline", "update", m_dir.file("smoke.json"), "--baseline", m_dir.file("b.json")},
      {{"PATH", "/usr/bin:/bin"}}, m_dir.path().string());
  ASSERT_EQ(made.exit_code, 0) << made.err;
  ASSERT_TRUE(util::write_file_atomic(m_dir.file("api.yaml"), k_unreachable_scenario).ok());
  auto env = runner_env("deployment_status");
  env.erase("INPUT_RESULTS");
  env["INPUT_SCENARIO"] = m_dir.file("api.yaml");
  env["INPUT_BASELINE"] = m_dir.file("b.json");
  ProcessOutcome run = gate(env);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("the run will be of profile 'baseline' but the baseline is of 'smoke'"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(run.err.find("error: : "), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(m_dir.file("report/results.json")));  // no load ran
}

TEST_F(GateEndToEndTest, RunWritesResultsIntoAReportDirThatDidNotExist) {
  ASSERT_TRUE(util::write_file_atomic(m_dir.file("api.yaml"), k_unreachable_scenario).ok());
  auto env = runner_env("push");
  env.erase("INPUT_RESULTS");
  env["INPUT_SCENARIO"] = m_dir.file("api.yaml");
  env["INPUT_REPORT-DIR"] = m_dir.file("deep/new/report");
  ProcessOutcome run = gate(env, {"--max-requests", "20", "--progress", "off"});
  EXPECT_EQ(run.exit_code, 1) << run.err;  // every request was refused
  auto results = results::read_result_file(m_dir.file("deep/new/report/results.json"));
  ASSERT_TRUE(results.ok()) << run.err;
  EXPECT_EQ(results->meta.git_sha, "0123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(results->meta.git_ref, "refs/heads/master");
  EXPECT_FALSE(results->meta.host.empty());
}

TEST_F(GateEndToEndTest, TheHttpClientInputPicksTheClientAndAutoIsNativeForHttp) {
  ASSERT_TRUE(util::write_file_atomic(m_dir.file("api.yaml"), k_unreachable_scenario).ok());
  auto env = runner_env("push");
  env.erase("INPUT_RESULTS");
  env["INPUT_SCENARIO"] = m_dir.file("api.yaml");
  for (const std::string client : {"", "curl"}) {
    env["INPUT_HTTP-CLIENT"] = client;
    env["INPUT_REPORT-DIR"] = m_dir.file("report-" + client);
    ProcessOutcome run = gate(env, {"--max-requests", "5", "--progress", "off"});
    EXPECT_EQ(run.exit_code, 1) << run.err;  // every request was refused
    auto results = results::read_result_file(m_dir.file("report-" + client + "/results.json"));
    ASSERT_TRUE(results.ok()) << run.err;
    EXPECT_EQ(results->meta.http_client, client.empty() ? "native" : client);
  }
  env["INPUT_HTTP-CLIENT"] = "libcurl";
  ProcessOutcome wrong = gate(env, {"--max-requests", "5", "--progress", "off"});
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.err.find("INPUT_HTTP-CLIENT"), std::string::npos) << wrong.err;
}

TEST_F(GateEndToEndTest, TakesTheComparisonLoadAndReportFlags) {
  auto env = runner_env("pull_request");
  ProcessOutcome run = gate(env, {"--alpha", "0.05", "--seed", "7", "--correction", "bh",
                                  "--markdown", m_dir.file("copy.md"), "--insecure"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_TRUE(std::filesystem::exists(m_dir.file("copy.md")));
}

TEST(GateBaselineStoreTest, ARunFoldedIntoTheDataBranchIsWhatTheNextGateComparesWith) {
  TempDir dir;
  FakeGitHubServer server;
  write_results(dir.file("first.json"), 120, 1);
  write_results(dir.file("second.json"), 125, 1);
  ASSERT_TRUE(util::write_file_atomic(dir.file("output"), "").ok());
  ASSERT_TRUE(util::write_file_atomic(dir.file("summary"), "").ok());
  std::map<std::string, std::string> env = {
      {"GITHUB_ACTIONS", "true"},
      {"GITHUB_REPOSITORY", "Codertocat/Hello-World"},
      {"GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567"},
      {"GITHUB_API_URL", server.api_url()},
      {"GITHUB_EVENT_NAME", "workflow_dispatch"},
      {"GITHUB_OUTPUT", dir.file("output")},
      {"GITHUB_STEP_SUMMARY", dir.file("summary")},
      {"PATH", "/usr/bin:/bin"},
      {"INPUT_RESULTS", dir.file("first.json")},
      {"INPUT_GITHUB-TOKEN", server.config().token},
      {"INPUT_CHECK", "false"},
      {"INPUT_COMMENT", "false"},
      {"INPUT_REPORT-DIR", dir.file("report")},
      {"INPUT_BASELINE", "baselines/api.json"},
      {"INPUT_BASELINE-STORE", "branch"},
      {"INPUT_UPDATE-BASELINE", "true"}};
  ProcessOutcome first = run_perf_gate({"gate"}, env, dir.path().string());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find("no baseline stored at perf-gate-data:baselines/api.json yet"),
            std::string::npos)
      << first.err;
  auto stored = server.file("perf-gate-data", "baselines/api.json");
  ASSERT_TRUE(stored.has_value()) << first.err;
  EXPECT_EQ(nlohmann::json::parse(*stored)["runs"], 1);

  env["INPUT_RESULTS"] = dir.file("second.json");
  ProcessOutcome second = run_perf_gate({"gate"}, env, dir.path().string());
  ASSERT_EQ(second.exit_code, 0) << second.err;
  std::string summary = util::read_file(dir.file("summary")).value();
  EXPECT_NE(summary.find(" → "), std::string::npos) << "compared with the stored run: " << summary;
  EXPECT_EQ(nlohmann::json::parse(*server.file("perf-gate-data", "baselines/api.json"))["runs"], 2);
  for (const std::string& violation : server.violations()) ADD_FAILURE() << violation;
}

TEST(GateBaselineStoreTest, AStoreThatCannotBeWrittenIsAnErrorAfterTheVerdictIsOut) {
  TempDir dir;
  FakeGitHubConfig config;
  config.contents_read_only = true;
  FakeGitHubServer server(config);
  write_results(dir.file("run.json"), 120, 1);
  ASSERT_TRUE(util::write_file_atomic(dir.file("output"), "").ok());
  std::map<std::string, std::string> env = {
      {"GITHUB_ACTIONS", "true"},
      {"GITHUB_REPOSITORY", "Codertocat/Hello-World"},
      {"GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567"},
      {"GITHUB_API_URL", server.api_url()},
      {"GITHUB_EVENT_NAME", "workflow_dispatch"},
      {"GITHUB_OUTPUT", dir.file("output")},
      {"PATH", "/usr/bin:/bin"},
      {"INPUT_RESULTS", dir.file("run.json")},
      {"INPUT_GITHUB-TOKEN", server.config().token},
      {"INPUT_CHECK", "false"},
      {"INPUT_REPORT-DIR", dir.file("report")},
      {"INPUT_BASELINE", "baselines/api.json"},
      {"INPUT_BASELINE-STORE", "branch"},
      {"INPUT_UPDATE-BASELINE", "true"}};
  ProcessOutcome run = run_perf_gate({"gate"}, env, dir.path().string());
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_NE(run.out.find("::error title=perf-gate%3A baseline not updated::"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("contents: write"), std::string::npos) << run.out;
  EXPECT_NE(util::read_file(dir.file("output")).value().find("verdict<<"), std::string::npos)
      << "the outputs are still written";
  EXPECT_FALSE(server.file("perf-gate-data", "baselines/api.json").has_value());
}

}  // namespace
}  // namespace perfgate::test
