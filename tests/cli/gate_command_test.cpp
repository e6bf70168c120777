// SPDX-License-Identifier: MIT
// `perf-gate gate` and `compare` end to end, outside Actions: the built binary against a loopback
// server (the GitHub side is in tests/github/gate_e2e_test.cpp).
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "perfgate/results/result_file.h"
#include "support/subprocess.h"
#include "support/test_http_server.h"
#include "support/test_paths.h"

namespace perfgate::test {
namespace {

using namespace std::chrono_literals;

// The runner's variables, so that a test run inside Actions behaves as one outside.
ProcessOptions outside_actions(const TempDir& dir) {
  ProcessOptions options;
  options.working_dir = dir.path().string();
  options.unset_env = {"GITHUB_ACTIONS",    "GITHUB_OUTPUT",     "GITHUB_STEP_SUMMARY",
                       "GITHUB_EVENT_PATH", "GITHUB_EVENT_NAME", "INPUT_GITHUB-TOKEN"};
  return options;
}

std::string write_scenario(const TempDir& dir, const std::string& target, const std::string& path,
                           const std::string& profile) {
  std::string file = dir.file("scenario.yaml");
  std::ofstream(file) << "name: cli\ntarget: " << target << "\nscenarios:\n  - name: one\n"
                      << "    steps:\n      - name: step\n        get: " << path << "\n"
                      << "profiles:\n  baseline: " << profile << "\n";
  return file;
}

TEST(GateCommandTest, SigtermEndsTheRunAndStillWritesResultsAndReports) {
  TestHttpServer server;
  TempDir dir;
  std::string scenario =
      write_scenario(dir, server.base_url(), "/delay/20", "{ vus: 3, duration: 60s }");
  std::vector<std::string> argv = {
      perf_gate_binary().string(), "gate",       "--scenario", scenario,    "--report-dir",
      dir.file("report"),          "--progress", "off",        "--threads", "1"};
  BackgroundProcess gate(argv, outside_actions(dir));
  for (int i = 0; i < 1000 && server.request_count() < 20; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_GE(server.request_count(), 20u);
  gate.signal(SIGTERM);
  ProcessResult outcome = gate.wait(30s);
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  auto result = results::read_result_file(dir.file("report/results.json"));
  ASSERT_TRUE(result) << result.error().describe();
  EXPECT_TRUE(result->meta.interrupted);
  EXPECT_FALSE(result->meta.host.empty());
  EXPECT_TRUE(std::filesystem::exists(dir.file("report/report.md")));
  EXPECT_NE(outcome.err.find("not publishing"), std::string::npos) << outcome.err;
}

// A user reading `gate --help` learns what an unset input does.
TEST(GateCommandTest, HelpShowsEachInputsDefault) {
  ProcessResult outcome = run_perf_gate({"gate", "--help"});
  EXPECT_EQ(outcome.exit_code, 0);
  for (const char* text : {"(input `fail-on`, default fail)", "(input `http-client`, default auto)",
                           "(input `confirm-runs`, default 0)", "(input `target`)"}) {
    EXPECT_NE(outcome.out.find(text), std::string::npos) << text;
  }
}

TEST(GateCommandTest, BrokenThresholdsCostNoLoad) {
  TestHttpServer server;
  TempDir dir;
  std::string scenario = write_scenario(dir, server.base_url(), "/", "{ vus: 1, duration: 1s }");
  std::ofstream(dir.file("t.yaml")) << "http_req_duration: [\"p(95)<\"]\n";
  ProcessResult outcome = run_perf_gate(
      {"gate", "--scenario", scenario, "--thresholds", dir.file("t.yaml")}, outside_actions(dir));
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.err.find("t.yaml:1"), std::string::npos) << outcome.err;
  EXPECT_EQ(server.request_count(), 0u);
}

TEST(GateCommandTest, UnknownProfileCostsNoLoad) {
  TestHttpServer server;
  TempDir dir;
  std::string scenario = write_scenario(dir, server.base_url(), "/", "{ vus: 1, duration: 1s }");
  ProcessResult outcome =
      run_perf_gate({"gate", "--scenario", scenario, "--profile", "smoke"}, outside_actions(dir));
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.err.find("smoke"), std::string::npos) << outcome.err;
  EXPECT_EQ(server.request_count(), 0u);
}

// A 10 s run of 100 requests to `home` at 2 ms, all 200, written to `path`.
void write_small_run(const std::string& path) {
  results::RunResult run;
  run.meta.scenario = "api";
  run.meta.profile = "baseline";
  run.meta.model = "closed";
  run.meta.duration = std::chrono::seconds(10);
  auto& series = run.metrics.get_or_add("home");
  series.totals.requests = 100;
  series.totals.status_counts[200] = 100;
  series.totals.latency.record(2000, 100);
  series.totals.latency_uncorrected.record(2000, 100);
  ASSERT_TRUE(results::write_result_file(path, run).ok());
}

TEST(CompareReportFlagsTest, WritesTheReportsTheFlagsAskFor) {
  TempDir dir;
  write_small_run(dir.file("r.json"));
  ProcessResult outcome =
      run_perf_gate({"compare", dir.file("r.json"), "--markdown", dir.file("out/report.md"),
                     "--junit", dir.file("out/junit.xml"), "--report-id", "mine"},
                    outside_actions(dir));
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  std::ifstream markdown(dir.file("out/report.md"));
  std::string text((std::istreambuf_iterator<char>(markdown)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("<!-- perf-gate:mine -->"), std::string::npos) << text;
  EXPECT_TRUE(std::filesystem::exists(dir.file("out/junit.xml")));
}

TEST(CompareCommandTest, ThresholdsNoneMeansNoThresholdsAsOnGate) {
  TempDir dir;
  write_small_run(dir.file("r.json"));
  ProcessResult outcome = run_perf_gate(
      {"compare", dir.file("r.json"), "--thresholds", "none", "--out", dir.file("v.json")},
      outside_actions(dir));
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_TRUE(std::filesystem::exists(dir.file("v.json"))) << outcome.err;
}

TEST(BaselinesFolderTest, TheExampleBaselineIsReadableAndOfTheDemoScenario) {
  TempDir dir;
  std::string example = (source_dir() / "baselines" / "demo-smoke.json").string();
  ProcessResult outcome = run_perf_gate({"baseline", "show", example}, outside_actions(dir));
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_NE(outcome.out.find("scenario demo, profile smoke, 2 runs"), std::string::npos)
      << outcome.out;
}

}  // namespace
}  // namespace perfgate::test
