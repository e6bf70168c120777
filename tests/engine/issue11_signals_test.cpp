// SPDX-License-Identifier: MIT
// Issue 11: a second signal must not lose the run. CI runners and coreutils `timeout` signal
// the process and then its group; every signal after the first cuts the graceful stop short,
// and the results are still written.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "perfgate/results/result_file.h"
#include "support/subprocess.h"
#include "support/test_http_server.h"
#include "support/test_paths.h"

namespace perfgate::test {
namespace {

using namespace std::chrono_literals;

// Requests that take 5 s, and a graceful stop of 60 s: only the second signal's short grace
// lets the run end before the test's 30 s wait runs out.
std::string slow_scenario(const TempDir& dir, const std::string& target) {
  std::string file = dir.file("scenario.yaml");
  std::ofstream(file) << "name: signals\ntarget: " << target << "\nscenarios:\n  - name: one\n"
                      << "    steps:\n      - name: slow\n        get: /delay/5000\n"
                      << "        timeout: 30s\nprofiles:\n"
                      << "  baseline: { vus: 4, duration: 60s, graceful_stop: 60s }\n";
  return file;
}

std::vector<std::string> run_args(const TempDir& dir, const std::string& scenario) {
  return {perf_gate_binary().string(),
          "run",
          scenario,
          "--out",
          dir.file("r.json"),
          "--progress",
          "off",
          "--threads",
          "1"};
}

// Until the process catches SIGTERM (its handler is installed: /proc/PID/status SigCgt), at most
// 30 s. A fixed sleep raced a slow start: under ASan on a busy machine the signal came first
// and killed the run (exit 143).
void wait_for_sigterm_handler(int pid) {
  for (int i = 0; i < 3000; ++i) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
      if (line.rfind("SigCgt:", 0) != 0) continue;
      unsigned long long caught = std::stoull(line.substr(7), nullptr, 16);
      if (caught & (1ULL << (SIGTERM - 1))) return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void wait_for_requests(const TestHttpServer& server, size_t count) {
  for (int i = 0; i < 1000 && server.request_count() < count; ++i)
    std::this_thread::sleep_for(10ms);
  ASSERT_GE(server.request_count(), count);
}

enum class Grace { cut_short, either };

void expect_interrupted_results(const TempDir& dir, const TestHttpServer& server, Grace grace) {
  auto result = results::read_result_file(dir.file("r.json"));
  ASSERT_TRUE(result) << result.error().describe();
  EXPECT_TRUE(result->meta.interrupted);
  // Every request the server saw is counted: in flight when the grace ran out = timeout.
  EXPECT_EQ(static_cast<size_t>(result->metrics.total().requests), server.request_count());
  if (grace == Grace::cut_short) {
    EXPECT_EQ(
        result->metrics.total().errors_by_kind[static_cast<size_t>(metrics::ErrorKind::timeout)],
        result->metrics.total().requests);
  }
}

TEST(Issue11SignalsTest, TwoSigtermsFiftyMillisecondsApartStillWriteTheResults) {
  TestHttpServer server;
  TempDir dir;
  BackgroundProcess run(run_args(dir, slow_scenario(dir, server.base_url())));
  wait_for_requests(server, 4);
  run.signal(SIGTERM);
  std::this_thread::sleep_for(50ms);
  run.signal(SIGTERM);
  ProcessResult outcome = run.wait(30s);
  EXPECT_FALSE(outcome.timed_out);
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  expect_interrupted_results(dir, server, Grace::cut_short);
}

// Stopping a run whose target refused every connection does not turn it into a success: more
// requests failed than the signal could have cut short (one per VU), so nothing was measured.
TEST(Issue11SignalsTest, StoppingARunAgainstADeadTargetStillExitsThree) {
  TempDir dir;
  std::string scenario = dir.file("dead.yaml");
  std::ofstream(scenario) << "name: dead\ntarget: http://127.0.0.1:1\nscenarios:\n  - name: one\n"
                          << "    steps:\n      - name: home\n        get: /\nprofiles:\n"
                          << "  baseline: { vus: 1, duration: 60s }\n";
  BackgroundProcess run(run_args(dir, scenario));
  wait_for_sigterm_handler(run.pid());
  std::this_thread::sleep_for(500ms);  // requests fail meanwhile
  run.signal(SIGTERM);
  ProcessResult outcome = run.wait(30s);
  EXPECT_FALSE(outcome.timed_out);
  EXPECT_EQ(outcome.exit_code, 3) << outcome.err;
}

TEST(Issue11SignalsTest, ManySignalsInARowStillWriteTheResults) {
  TestHttpServer server;
  TempDir dir;
  BackgroundProcess run(run_args(dir, slow_scenario(dir, server.base_url())));
  wait_for_requests(server, 4);
  for (int i = 0; i < 6; ++i) run.signal(i % 2 == 0 ? SIGINT : SIGTERM);
  ProcessResult outcome = run.wait(30s);
  EXPECT_FALSE(outcome.timed_out);
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  expect_interrupted_results(dir, server, Grace::cut_short);
}

TEST(Issue11SignalsTest, CoreutilsTimeoutSignalsChildAndGroupAndResultsAreWritten) {
  TestHttpServer server;
  TempDir dir;
  std::vector<std::string> argv = {"/usr/bin/timeout", "2"};
  for (std::string& arg : run_args(dir, slow_scenario(dir, server.base_url())))
    argv.push_back(std::move(arg));
  ProcessOptions options;
  options.timeout = 60s;
  ProcessResult outcome = run_process(argv, options);
  EXPECT_FALSE(outcome.timed_out);
  EXPECT_EQ(outcome.exit_code, 124) << outcome.err;  // timeout's "the command timed out"
  // The two signals often arrive as one (a pending signal is not queued twice): then the
  // requests finish within the graceful stop; either way the results are written.
  expect_interrupted_results(dir, server, Grace::either);
}

}  // namespace
}  // namespace perfgate::test
