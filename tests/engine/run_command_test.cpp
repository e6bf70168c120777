// SPDX-License-Identifier: MIT
// `perf-gate run` end to end: the built binary against a loopback server.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <thread>

#include "perfgate/results/result_file.h"
#include "support/subprocess.h"
#include "support/test_http_server.h"
#include "support/test_paths.h"

namespace perfgate::test {
namespace {

using namespace std::chrono_literals;

std::string write_scenario(const TempDir& dir, const std::string& target, const std::string& path,
                           const std::string& profile) {
  std::string file = dir.file("scenario.yaml");
  std::ofstream(file) << "name: cli\ntarget: " << target << "\nscenarios:\n  - name: one\n"
                      << "    steps:\n      - name: step\n        get: " << path << "\n"
                      << "profiles:\n  baseline: " << profile << "\n";
  return file;
}

TEST(RunCommandTest, SigtermEndsTheRunAndStillWritesTheResults) {
  TestHttpServer server;
  TempDir dir;
  std::string scenario =
      write_scenario(dir, server.base_url(), "/delay/20", "{ vus: 3, duration: 60s }");
  BackgroundProcess run({perf_gate_binary().string(), "run", scenario, "--out", dir.file("r.json"),
                         "--progress", "off", "--threads", "1"});
  for (int i = 0; i < 1000 && server.request_count() < 20; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_GE(server.request_count(), 20u);
  run.signal(SIGTERM);
  ProcessResult outcome = run.wait(30s);
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  auto result = results::read_result_file(dir.file("r.json"));
  ASSERT_TRUE(result) << result.error().describe();
  EXPECT_TRUE(result->meta.interrupted);
  EXPECT_EQ(static_cast<size_t>(result->metrics.total().requests), server.request_count());
}

TEST(RunCommandTest, ConflictingFlagsExitWithTwoBeforeAnyLoad) {
  TestHttpServer server;
  TempDir dir;
  std::string scenario = write_scenario(dir, server.base_url(), "/", "{ vus: 1, duration: 1s }");
  ProcessResult outcome =
      run_perf_gate({"run", scenario, "--vus", "2", "--rate", "3", "--out", dir.file("r.json")});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.err.find("--rate"), std::string::npos) << outcome.err;
  EXPECT_EQ(server.request_count(), 0u);
}

TEST(RunCommandTest, HttpClientFlagPicksTheClientAndTheResultsSayWhichRan) {
  TestHttpServer server;
  TempDir dir;
  std::string scenario = write_scenario(dir, server.base_url(), "/", "{ vus: 1, duration: 30s }");
  for (const std::string client : {"native", "curl"}) {
    ProcessResult outcome =
        run_perf_gate({"run", scenario, "--http-client", client, "--max-requests", "5",
                       "--progress", "off", "--out", dir.file(client + ".json")});
    ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
    auto result = results::read_result_file(dir.file(client + ".json"));
    ASSERT_TRUE(result) << result.error().describe();
    EXPECT_EQ(result->meta.http_client, client);
    EXPECT_EQ(result->metrics.total().requests, 5);
  }
  EXPECT_EQ(server.request_count(), 10u);
  // Without the flag (auto), an http:// target gets the native client.
  ProcessResult outcome = run_perf_gate({"run", scenario, "--max-requests", "5", "--progress",
                                         "off", "--out", dir.file("auto.json")});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  auto automatic = results::read_result_file(dir.file("auto.json"));
  ASSERT_TRUE(automatic) << automatic.error().describe();
  EXPECT_EQ(automatic->meta.http_client, "native");
}

TEST(RunCommandTest, NativeClientForAnHttpsTargetExitsWithTwo) {
  TempDir dir;
  std::string scenario =
      write_scenario(dir, "https://127.0.0.1:1", "/", "{ vus: 1, duration: 1s }");
  ProcessResult outcome =
      run_perf_gate({"run", scenario, "--http-client", "native", "--out", dir.file("r.json")});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.err.find("--http-client"), std::string::npos) << outcome.err;
}

// Each client adds its own per-request time, so an A/B whose sides need different clients under
// `auto` (an http:// base, an https:// head) runs both on libcurl rather than compare clients.
TEST(RunCommandTest, AbRunsBothSidesOnOneClientWhenAutoWouldSplitThem) {
  TestHttpServer server;
  TempDir dir;
  std::string scenario = write_scenario(dir, server.base_url(), "/", "{ vus: 1, duration: 1s }");
  ProcessResult outcome = run_perf_gate({"ab", scenario, "--baseline-target", server.base_url(),
                                         "--target", "https://127.0.0.1:1", "--rounds", "5",
                                         "--block", "200ms", "--out-dir", dir.file("ab")});
  EXPECT_NE(outcome.err.find("both sides run on libcurl"), std::string::npos) << outcome.err;
  for (const char* side : {"ab/base.json", "ab/head.json"}) {
    auto run = results::read_result_file(dir.file(side));
    ASSERT_TRUE(run) << side << ": " << outcome.err;
    EXPECT_EQ(run->meta.http_client, "curl") << side;
  }
}

// A target that refuses every connection was not measured: exit 3 (as README's exit codes say),
// the results still written; --fail-on-all-errors false leaves the exit code to the thresholds.
TEST(RunCommandTest, EveryRequestFailedExitsWithThreeAndKeepsTheResults) {
  TempDir dir;
  std::string scenario = write_scenario(dir, "http://127.0.0.1:1", "/", "{ vus: 1, duration: 1s }");
  ProcessResult refused = run_perf_gate({"run", scenario, "--out", dir.file("r.json")});
  EXPECT_EQ(refused.exit_code, 3) << refused.err;
  EXPECT_NE(refused.err.find("every one of the"), std::string::npos) << refused.err;
  EXPECT_TRUE(results::read_result_file(dir.file("r.json")));
  ProcessResult allowed = run_perf_gate(
      {"run", scenario, "--fail-on-all-errors", "false", "--out", dir.file("r2.json")});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
}

TEST(RunCommandTest, WritesResultsAndSummary) {
  TestHttpServer server;
  TempDir dir;
  std::string scenario = write_scenario(dir, server.base_url(), "/", "{ vus: 2, duration: 1s }");
  ProcessResult outcome =
      run_perf_gate({"run", scenario, "--out", dir.file("r.json"), "--progress", "plain"});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_NE(outcome.out.find("total"), std::string::npos);
  auto result = results::read_result_file(dir.file("r.json"));
  ASSERT_TRUE(result) << result.error().describe();
  EXPECT_EQ(static_cast<size_t>(result->metrics.total().requests), server.request_count());
  EXPECT_EQ(result->meta.profile, "baseline");
  EXPECT_FALSE(result->meta.host.empty());
}

TEST(RunCommandTest, FailedThresholdExitsWithOne) {
  TestHttpServer server;
  TempDir dir;
  std::string scenario =
      write_scenario(dir, server.base_url(), "/status/500", "{ vus: 1, duration: 1s }");
  std::ofstream(dir.file("thresholds.yaml")) << "http_req_failed: ['rate<0.01']\n";
  ProcessResult outcome =
      run_perf_gate({"run", scenario, "--out", dir.file("r.json"), "--thresholds",
                     dir.file("thresholds.yaml"), "--progress", "off"});
  EXPECT_EQ(outcome.exit_code, 1) << outcome.out << outcome.err;
  EXPECT_TRUE(results::read_result_file(dir.file("r.json")));
}

}  // namespace
}  // namespace perfgate::test
