// SPDX-License-Identifier: MIT
// Issue 11, end to end with the built binary: bad inputs a careless user or a hostile file
// gives are exit 2 naming the input, before any load; nothing untrusted reaches the console
// raw; credentials never reach a file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "perfgate/results/result_file.h"
#include "results/soak_run.h"
#include "support/subprocess.h"
#include "support/test_http_server.h"
#include "support/test_paths.h"

namespace perfgate::test {
namespace {

std::string write_text(const TempDir& dir, const std::string& name, const std::string& text) {
  std::string path = dir.file(name);
  std::ofstream(path) << text;
  return path;
}

std::string scenario_for(const TempDir& dir, const std::string& target,
                         const std::string& step_name = "home") {
  return write_text(dir, "s.yaml",
                    "name: s\ntarget: " + target + "\nscenarios:\n  - steps:\n      - name: \"" +
                        step_name +
                        "\"\n        get: /\nprofiles:\n  baseline: { vus: 1, "
                        "duration: 1s }\n");
}

std::string results_file(const TempDir& dir, const std::string& name = "r.json") {
  std::string path = dir.file(name);
  EXPECT_TRUE(results::write_result_file(path, soak_run(5, 2)).ok());
  return path;
}

TEST(Issue11CliTest, CredentialsInTargetAreRefusedAndNeverWritten) {
  TempDir dir;
  std::string scenario = scenario_for(dir, "http://127.0.0.1:1");
  auto outcome = run_perf_gate(
      {"run", scenario, "--target", "http://u:s3cr3t@127.0.0.1:1", "--out", dir.file("r.json")});
  EXPECT_EQ(outcome.exit_code, 2) << outcome.err;
  EXPECT_NE(outcome.err.find("credentials"), std::string::npos) << outcome.err;
  EXPECT_EQ(outcome.err.find("s3cr3t"), std::string::npos) << outcome.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("r.json")));
}

TEST(Issue11CliTest, AnAbsurdRateIsBadInputNotACrash) {
  TempDir dir;
  std::string scenario = scenario_for(dir, "http://127.0.0.1:1");
  auto outcome = run_perf_gate({"run", scenario, "--rate", "1e19", "--out", dir.file("r.json")});
  EXPECT_EQ(outcome.exit_code, 2) << outcome.err;
}

TEST(Issue11CliTest, AnUnwritableOutputPathIsFoundBeforeAnyLoad) {
  TestHttpServer server;
  TempDir dir;
  std::string scenario = scenario_for(dir, server.base_url());
  write_text(dir, "a-file", "not a directory");
  auto outcome = run_perf_gate({"run", scenario, "--out", dir.file("a-file/r.json")});
  EXPECT_EQ(outcome.exit_code, 2) << outcome.err;
  EXPECT_EQ(server.request_count(), 0u);
}

TEST(Issue11CliTest, ADirectoryAsAnInputFileIsExitTwoNamingIt) {
  TempDir dir;
  auto outcome = run_perf_gate({"compare", dir.path().string()});
  EXPECT_EQ(outcome.exit_code, 2) << outcome.err;
  EXPECT_NE(outcome.err.find("directory"), std::string::npos) << outcome.err;
  EXPECT_EQ(run_perf_gate({"run", dir.path().string()}).exit_code, 2);
}

TEST(Issue11CliTest, AMissingResultsFileIsExitTwo) {
  TempDir dir;
  auto outcome = run_perf_gate({"compare", dir.file("nope.json")});
  EXPECT_EQ(outcome.exit_code, 2) << outcome.err;
  EXPECT_NE(outcome.err.find("nope.json"), std::string::npos) << outcome.err;
}

TEST(Issue11CliTest, CompareWithAnUnknownProfileIsExitTwo) {
  TempDir dir;
  auto outcome = run_perf_gate({"compare", results_file(dir), "--profile", "nope"});
  EXPECT_EQ(outcome.exit_code, 2) << outcome.err;
  EXPECT_NE(outcome.err.find("nope"), std::string::npos) << outcome.err;
}

TEST(Issue11CliTest, TolerancesNamingAnUnknownEndpointAreExitTwo) {
  TempDir dir;
  std::string thresholds =
      write_text(dir, "t.yaml",
                 "http_req_duration: [\"p(95)<500\"]\ntolerances:\n  endpoints:\n"
                 "    logni: 0.2\n");
  auto outcome = run_perf_gate({"compare", results_file(dir), "--thresholds", thresholds});
  EXPECT_EQ(outcome.exit_code, 2) << outcome.err;
  EXPECT_NE(outcome.err.find("logni"), std::string::npos) << outcome.err;
}

TEST(Issue11CliTest, ThresholdFilesThatWereSilentlyAcceptedAreRefused) {
  TempDir dir;
  std::string results = results_file(dir);
  for (const char* text :
       {"", "http_req_duration: [\"p(95)<500\"]\nhttp_req_duration: [\"p(95)<900\"]\n",
        "http_req_duration: [\"p(95)<500\"]\n---\nhttp_req_failed: [\"rate<0.01\"]\n"}) {
    std::string thresholds = write_text(dir, "t.yaml", text);
    auto outcome = run_perf_gate({"compare", results, "--thresholds", thresholds});
    EXPECT_EQ(outcome.exit_code, 2) << text << "\n" << outcome.err;
  }
}

TEST(Issue11CliTest, DelayAbortEvalNullIsNoDelay) {
  TempDir dir;
  std::string thresholds =
      write_text(dir, "t.yaml",
                 "http_req_duration:\n  - { threshold: \"p(95)<5000\", abortOnFail: true, "
                 "delayAbortEval: null }\n");
  auto outcome = run_perf_gate({"compare", results_file(dir), "--thresholds", thresholds});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
}

TEST(Issue11CliTest, MergingTheSameFileTwiceIsRefused) {
  TempDir dir;
  std::string results = results_file(dir);
  auto outcome = run_perf_gate({"merge", results, results, "--out", dir.file("m.json")});
  EXPECT_EQ(outcome.exit_code, 2) << outcome.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("m.json")));
}

TEST(Issue11CliTest, WorkflowCommandsAndEscapesInKeysAreNeutralised) {
  TempDir dir;
  std::string thresholds = write_text(
      dir, "t.yaml", "\"a\\n::set-output name=verdict::pass\\n\\e[31m\": [\"p(95)<500\"]\n");
  auto outcome = run_perf_gate({"compare", results_file(dir), "--thresholds", thresholds});
  EXPECT_EQ(outcome.exit_code, 2) << outcome.err;
  EXPECT_EQ(outcome.err.find("\n::set-output"), std::string::npos) << outcome.err;
  EXPECT_EQ(outcome.err.find('\x1b'), std::string::npos) << outcome.err;
}

TEST(Issue11CliTest, StepNamesInTheRunTableAreNeutralised) {
  TestHttpServer server;
  TempDir dir;
  std::string scenario = scenario_for(dir, server.base_url(), "::error title=x::boom\\e[2J");
  auto outcome = run_perf_gate(
      {"run", scenario, "--max-requests", "2", "--out", dir.file("r.json"), "--progress", "off"});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(outcome.out.find("\n::error"), std::string::npos) << outcome.out;
  EXPECT_EQ(outcome.out.find('\x1b'), std::string::npos) << outcome.out;
}

TEST(Issue11CliTest, AHugeWeightIsRefused) {
  TempDir dir;
  std::string scenario = write_text(
      dir, "s.yaml",
      "target: http://127.0.0.1:1\nscenarios:\n  - weight: 1e308\n    steps:\n      - get: /\n");
  auto outcome = run_perf_gate({"run", scenario, "--out", dir.file("r.json")});
  EXPECT_EQ(outcome.exit_code, 2) << outcome.err;
}

TEST(Issue11CliTest, ServeRefusesAPortBeyond65535) {
  TempDir dir;
  auto outcome =
      run_perf_gate({"serve", "--verdicts", dir.path().string(), "--listen", "127.0.0.1:99999"});
  EXPECT_EQ(outcome.exit_code, 2) << outcome.err;
}

}  // namespace
}  // namespace perfgate::test
