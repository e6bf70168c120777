// SPDX-License-Identifier: MIT
// The real `perf-gate serve` binary: start on port 0, learn the port from its output, query
// it over HTTP, stop it with SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>

#include <nlohmann/json.hpp>

#include "perfgate/net/http_client.h"
#include "support/webhook_process.h"
#include "webhook/webhook_verdict_files.h"

namespace perfgate::webhook {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(ServeCommandTest, ServesVerdictsAndStopsOnSigterm) {
  test::TempDir dir;
  testing::write_verdict(
      dir, "run.json",
      testing::verdict_for("checkout", "stress", "2026-02-01T00:00:00Z", stats::Status::pass, 180));
  test::ServerProcess server({test::perf_gate_binary().string(), "serve", "--verdicts",
                              dir.path().string(), "--listen", "127.0.0.1:0", "--token", "t0k"});
  std::string line = server.wait_for_line("listening on ", seconds{20});
  ASSERT_FALSE(line.empty()) << "perf-gate serve did not report its address";
  std::string address = line.substr(std::string("listening on ").size());
  ASSERT_TRUE(address.starts_with("127.0.0.1:")) << address;

  auto client = net::make_curl_http_client();
  net::HttpRequest request;
  request.url = "http://" + address + "/api/v1/verdict?scenario=checkout&profile=stress";
  request.headers = {{"Authorization", "Bearer t0k"}};
  request.timeout = milliseconds{5000};
  auto response = client->send(request);
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(nlohmann::json::parse(response->body)["data"]["p95_ms"], 180);
  request.headers.clear();
  EXPECT_EQ(client->send(request)->status, 401);

  EXPECT_EQ(server.stop(SIGTERM, milliseconds{10'000}), 0);
}

TEST(ServeCommandTest, MissingDirectoryIsBadInput) {
  auto result = test::run_process({test::perf_gate_binary().string(), "serve", "--verdicts",
                                   "/nonexistent/perf-gate-verdicts", "--listen", "127.0.0.1:0"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("--verdicts"), std::string::npos) << result.err;
}

TEST(ServeCommandTest, BadListenAddressIsBadInput) {
  test::TempDir dir;
  auto result = test::run_process({test::perf_gate_binary().string(), "serve", "--verdicts",
                                   dir.path().string(), "--listen", "localhost:99999"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
}

}  // namespace
}  // namespace perfgate::webhook
