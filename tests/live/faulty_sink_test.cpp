// SPDX-License-Identifier: MIT
// A metrics sink that refuses connections, answers 500 or hangs changes nothing about the run:
// the same requests are sent and counted, the results file is written, the exit code is 0, and
// the end waits for the sink no longer than --metrics-flush-timeout; a warning says how many
// windows were not delivered.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>

#include "perfgate/results/result_file.h"
#include "support/nginx_server.h"
#include "support/subprocess.h"
#include "support/test_http_server.h"
#include "support/test_paths.h"

namespace perfgate::test {
namespace {

using namespace std::chrono_literals;

// Listens on 127.0.0.1 and never accepts: connections complete (the kernel's backlog) and every
// request then waits forever for an answer.
class HangingServer {
 public:
  HangingServer() {
    m_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        listen(m_fd, 64) != 0 ||
        getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("cannot listen");
    }
    m_port = ntohs(address.sin_port);
  }
  ~HangingServer() { close(m_fd); }
  HangingServer(const HangingServer&) = delete;
  HangingServer& operator=(const HangingServer&) = delete;
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

 private:
  int m_fd = -1;
  int m_port = 0;
};

class FaultySinkTest : public ::testing::Test {
 protected:
  // 2 s at 25 iterations per second, open model: exactly 50 requests whatever the sink does.
  ProcessResult run_with_sink(const std::string& spec) {
    std::string scenario = m_dir.file("scenario.yaml");
    std::ofstream(scenario) << "name: faulty\ntarget: " << m_target.base_url() << "\n"
                            << "scenarios:\n  - name: j\n    steps:\n"
                            << "      - name: home\n        get: /\n"
                            << "profiles:\n  baseline: { rate: 25, duration: 2s }\n";
    ProcessOptions options;
    options.timeout = 120s;  // a hang would show as a killed process
    return run_perf_gate({"run", scenario, "--out", m_dir.file("r.json"), "--progress", "off",
                          "--out-metrics", spec, "--metrics-flush-timeout", "1s"},
                         options);
  }

  void expect_run_unaffected(const ProcessResult& outcome) {
    EXPECT_FALSE(outcome.timed_out);
    EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
    EXPECT_NE(outcome.err.find("not delivered"), std::string::npos) << outcome.err;
    auto result = results::read_result_file(m_dir.file("r.json"));
    ASSERT_TRUE(result) << result.error().describe();
    EXPECT_EQ(result->metrics.total().requests, 50);
    EXPECT_EQ(result->metrics.total().errors, 0);
    EXPECT_EQ(m_target.count("/"), 50u);
    for (const std::string& warning : result->warnings)
      EXPECT_EQ(warning.find("metrics"), std::string::npos) << warning;
  }

  TestHttpServer m_target;
  TempDir m_dir;
};

TEST_F(FaultySinkTest, ASinkThatRefusesConnectionsLeavesTheRunUnchanged) {
  ProcessResult outcome = run_with_sink(
      "influxdb=http://127.0.0.1:" + std::to_string(unused_port()) + "/write?db=perf");
  expect_run_unaffected(outcome);
  EXPECT_NE(outcome.err.find("metrics sink influxdb=http://127.0.0.1:"), std::string::npos);
}

TEST_F(FaultySinkTest, ASinkThatAnswers500LeavesTheRunUnchanged) {
  TestHttpServer sink;
  ProcessResult outcome = run_with_sink("prometheus=" + sink.base_url() + "/status/500");
  expect_run_unaffected(outcome);
  EXPECT_NE(outcome.err.find("HTTP 500"), std::string::npos) << outcome.err;
  EXPECT_GE(sink.count("/status/500"), 1u);
}

TEST_F(FaultySinkTest, ASinkThatHangsIsCutOffAtTheFlushBound) {
  HangingServer sink;
  ProcessResult outcome = run_with_sink("prometheus=" + sink.base_url() + "/api/v1/write");
  expect_run_unaffected(outcome);
}

TEST_F(FaultySinkTest, ABadSpecIsBadInputBeforeAnyLoad) {
  ProcessResult outcome = run_with_sink("graphite=http://127.0.0.1:1/");
  EXPECT_EQ(outcome.exit_code, 2) << outcome.err;
  EXPECT_EQ(m_target.request_count(), 0u);
}

TEST_F(FaultySinkTest, CredentialsFromTheEnvironmentAreNeverPrinted) {
  ProcessOptions options;
  options.env["PERFGATE_PROMETHEUS_TOKEN"] = "tok-very-secret";
  TestHttpServer sink;
  std::string scenario = m_dir.file("scenario.yaml");
  std::ofstream(scenario) << "name: faulty\ntarget: " << m_target.base_url() << "\n"
                          << "scenarios:\n  - name: j\n    steps:\n"
                          << "      - name: home\n        get: /\n"
                          << "profiles:\n  baseline: { rate: 10, duration: 1s }\n";
  ProcessResult outcome = run_perf_gate(
      {"run", scenario, "--out", m_dir.file("r.json"), "--progress", "off", "--out-metrics",
       "prometheus=" + sink.base_url() + "/status/500", "--metrics-flush-timeout", "1s"},
      options);
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ((outcome.out + outcome.err).find("tok-very-secret"), std::string::npos);
  bool sent = false;
  for (const LoggedRequest& request : sink.requests())
    sent = sent || request.headers.find("Bearer tok-very-secret") != std::string::npos;
  EXPECT_TRUE(sent);
}

}  // namespace
}  // namespace perfgate::test
