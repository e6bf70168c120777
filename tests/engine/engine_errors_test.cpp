// SPDX-License-Identifier: MIT
// Error classification, checks and captures, end to end against a loopback server.
#include <gtest/gtest.h>

#include <map>

#include "engine/engine_fixtures.h"
#include "support/nginx_server.h"
#include "support/test_http_server.h"

namespace perfgate::test {
namespace {

using metrics::ErrorKind;

class EngineErrorsTest : public EngineClientTest {};
PERFGATE_FOR_EACH_HTTP_CLIENT(EngineErrorsTest);

TEST_P(EngineErrorsTest, TimeoutIsClassifiedAndCounted) {
  TestHttpServer server;
  auto slow = step("slow", "/delay/2000");
  slow.timeout = 100ms;
  auto scenario =
      make_scenario(server.base_url(), {journey("one", {slow})}, closed_profile(2, 500ms));
  auto result = run_ok(scenario, quiet_options());
  const auto& metrics = endpoint(result, "slow");
  EXPECT_GE(metrics.requests, 4);
  EXPECT_EQ(errors_of(metrics, ErrorKind::timeout), metrics.requests);
  EXPECT_EQ(static_cast<size_t>(metrics.requests), server.request_count());
  EXPECT_GE(ms(metrics.latency.min()), 99.0);
}

TEST_P(EngineErrorsTest, ConnectionRefusedIsAConnectError) {
  auto scenario = make_scenario("http://127.0.0.1:" + std::to_string(unused_port()),
                                {journey("one", {step("nothing", "/")})}, closed_profile(1, 30s));
  auto options = quiet_options(1);
  options.max_requests = 20;
  auto result = run_ok(scenario, options);
  const auto& metrics = endpoint(result, "nothing");
  EXPECT_EQ(metrics.requests, 20);
  EXPECT_EQ(errors_of(metrics, ErrorKind::connect), 20);
  EXPECT_EQ(metrics.status_counts.at(0), 20);
}

TEST_P(EngineErrorsTest, ResetBeforeAResponseIsAConnectError) {
  TestHttpServer server;
  auto scenario = make_scenario(server.base_url(), {journey("one", {step("reset", "/reset")})},
                                closed_profile(1, 30s));
  auto options = quiet_options(1);
  options.max_requests = 25;
  auto result = run_ok(scenario, options);
  const auto& metrics = endpoint(result, "reset");
  EXPECT_EQ(metrics.requests, 25);
  EXPECT_EQ(errors_of(metrics, ErrorKind::connect), 25);
  EXPECT_EQ(server.request_count(), 25u);
}

TEST_P(EngineErrorsTest, TimeoutInTheMiddleOfABodyIsATimeout) {
  TestHttpServer server;
  auto slow = step("slow", "/slow/1000");
  slow.timeout = 200ms;
  auto scenario =
      make_scenario(server.base_url(), {journey("one", {slow})}, closed_profile(1, 30s));
  auto options = quiet_options(1);
  options.max_requests = 3;
  auto result = run_ok(scenario, options);
  EXPECT_EQ(errors_of(endpoint(result, "slow"), ErrorKind::timeout), 3);
  EXPECT_EQ(endpoint(result, "slow").status_counts.at(200), 3);
}

TEST_P(EngineErrorsTest, FailedCheckIsACheckError) {
  TestHttpServer server;
  auto checked = step("checked", "/");
  checked.checks.body_contains = {"not in the body"};
  auto fine = step("fine", "/");
  fine.checks.status = {200};
  fine.checks.body_contains = {"ok"};
  auto expected_404 = step("expected", "/status/404");
  expected_404.checks.status = {404};
  auto scenario = make_scenario(server.base_url(), {journey("one", {checked, fine, expected_404})},
                                closed_profile(1, 30s));
  auto options = quiet_options(1);
  options.max_requests = 30;
  auto result = run_ok(scenario, options);
  EXPECT_EQ(errors_of(endpoint(result, "checked"), ErrorKind::check), 10);
  EXPECT_EQ(endpoint(result, "checked").checks_failed, 10);
  EXPECT_EQ(endpoint(result, "fine").errors, 0);
  EXPECT_EQ(endpoint(result, "fine").checks_passed, 10);
  EXPECT_EQ(endpoint(result, "expected").errors, 0);
}

// k6's shape: every check is evaluated on every response and counted by name, so a report can
// say which check failed and how often, not only that "checks" failed.
TEST_P(EngineErrorsTest, EachCheckIsCountedByName) {
  TestHttpServer server;
  auto home = step("home", "/");
  home.checks.status = {200};
  home.checks.body_contains = {"ok", "not in the body"};
  auto missing = step("missing", "/status/404");
  missing.checks.status = {200};
  missing.checks.body_excludes = {"never there"};
  auto scenario =
      make_scenario(server.base_url(), {journey("one", {home, missing})}, closed_profile(1, 30s));
  auto options = quiet_options(1);
  options.max_requests = 20;
  auto result = run_ok(scenario, options);
  auto by_name = [](const metrics::EndpointMetrics& m) {
    std::map<std::string, std::pair<int64_t, int64_t>> out;
    for (const auto& check : m.named_checks) out[check.name] = {check.passed, check.failed};
    return out;
  };
  auto home_checks = by_name(endpoint(result, "home"));
  EXPECT_EQ(home_checks.size(), 3u);
  EXPECT_EQ(home_checks["status is 200"], std::make_pair(int64_t{10}, int64_t{0}));
  EXPECT_EQ(home_checks["body contains \"ok\""], std::make_pair(int64_t{10}, int64_t{0}));
  EXPECT_EQ(home_checks["body contains \"not in the body\""],
            std::make_pair(int64_t{0}, int64_t{10}));
  auto missing_checks = by_name(endpoint(result, "missing"));
  EXPECT_EQ(missing_checks["status is 200"], std::make_pair(int64_t{0}, int64_t{10}));
  // Evaluated although the status check failed first.
  EXPECT_EQ(missing_checks["body excludes \"never there\""],
            std::make_pair(int64_t{10}, int64_t{0}));
  EXPECT_EQ(errors_of(endpoint(result, "missing"), ErrorKind::http_4xx), 10);
}

TEST_P(EngineErrorsTest, NoResponseFailsEveryNamedCheck) {
  auto refused = step("nothing", "/");
  refused.checks.status = {200};
  refused.checks.body_contains = {"ok"};
  auto scenario = make_scenario("http://127.0.0.1:" + std::to_string(unused_port()),
                                {journey("one", {refused})}, closed_profile(1, 30s));
  auto options = quiet_options(1);
  options.max_requests = 5;
  auto result = run_ok(scenario, options);
  const auto& named = endpoint(result, "nothing").named_checks;
  ASSERT_EQ(named.size(), 2u);
  for (const auto& check : named) {
    EXPECT_EQ(check.passed, 0) << check.name;
    EXPECT_EQ(check.failed, 5) << check.name;
  }
}

TEST_P(EngineErrorsTest, CapturedTokenIsSentInTheNextStep) {
  TestHttpServer server;
  auto login = step("login", "/login", scenario::HttpMethod::post);
  login.body = tmpl(R"({"username":"user{{ vu }}","password":"secret"})");
  login.captures.push_back(
      scenario::make_capture("token", scenario::CaptureSource::json, "$.token").value());
  login.checks.status = {200};
  auto secure = step("secure", "/secure");
  secure.headers.push_back(scenario::Header{"Authorization", tmpl("Bearer {{ token }}")});
  secure.checks.status = {200};
  auto scenario = make_scenario(server.base_url(), {journey("analyst", {login, secure})},
                                closed_profile(3, 800ms));
  auto result = run_ok(scenario, quiet_options());
  EXPECT_GT(endpoint(result, "secure").requests, 10);
  EXPECT_EQ(endpoint(result, "secure").errors, 0);
  EXPECT_EQ(endpoint(result, "login").errors, 0);
  auto requests = server.requests();
  int with_user = 0;
  for (const auto& request : requests) {
    if (request.target == "/login" && request.body.find("\"username\":\"user") != std::string::npos)
      ++with_user;
  }
  EXPECT_EQ(static_cast<int64_t>(with_user), endpoint(result, "login").requests);
}

TEST_P(EngineErrorsTest, MissingCaptureMakesTheNextStepFail) {
  TestHttpServer server;
  auto login = step("login", "/");  // answers "ok": no token in it
  login.captures.push_back(
      scenario::make_capture("token", scenario::CaptureSource::json, "$.token").value());
  auto secure = step("secure", "/secure");
  secure.headers.push_back(scenario::Header{"Authorization", tmpl("Bearer {{ token }}")});
  auto scenario = make_scenario(server.base_url(), {journey("analyst", {login, secure})},
                                closed_profile(1, 30s));
  auto options = quiet_options(1);
  options.max_requests = 10;
  auto result = run_ok(scenario, options);
  EXPECT_EQ(errors_of(endpoint(result, "secure"), ErrorKind::http_4xx), 5);
}

TEST_P(EngineErrorsTest, NginxAccessLogMatchesTheCount) {
  NginxServer nginx(NginxOptions{.access_log = true});
  auto scenario =
      make_scenario(nginx.base_url(), {journey("one", {step("home", "/"), step("json", "/json")})},
                    closed_profile(8, 1s));
  auto result = run_ok(scenario, quiet_options());
  EXPECT_EQ(result.metrics.total().errors, 0);
  EXPECT_GT(result.metrics.total().requests, 100);
  EXPECT_EQ(static_cast<size_t>(result.metrics.total().requests), nginx.access_log_lines());
}

}  // namespace
}  // namespace perfgate::test

namespace perfgate::test {
namespace {

// HTTPS with HTTP/2 negotiated by ALPN, against nginx with a self-signed certificate.
TEST(EngineTlsTest, Http2OverTlsReachesNginxWhenVerificationIsSkipped) {
  NginxServer nginx(NginxOptions{.access_log = true, .tls = true});
  auto scenario = make_scenario(nginx.base_url(), {journey("one", {step("home", "/")})},
                                closed_profile(2, 30s));
  auto options = quiet_options(1);
  options.max_requests = 40;
  options.http_version = engine::HttpVersion::http2;
  options.tls_verify = engine::TlsVerify::insecure;
  auto result = run_ok(scenario, options);
  const auto& home = endpoint(result, "home");
  EXPECT_EQ(home.requests, 40);
  EXPECT_EQ(home.errors, 0);
  EXPECT_EQ(static_cast<size_t>(home.requests), nginx.access_log_lines());
  EXPECT_NE(nginx.access_log_text().find("\"GET / HTTP/2.0\""), std::string::npos)
      << nginx.access_log_text().substr(0, 300);
}

TEST(EngineTlsTest, UntrustedCertificateIsATlsError) {
  NginxServer nginx(NginxOptions{.tls = true});
  auto scenario = make_scenario(nginx.base_url(), {journey("one", {step("home", "/")})},
                                closed_profile(1, 30s));
  auto options = quiet_options(1);
  options.max_requests = 5;
  auto result = run_ok(scenario, options);
  const auto& home = endpoint(result, "home");
  EXPECT_EQ(home.requests, 5);
  EXPECT_EQ(errors_of(home, ErrorKind::tls), 5);
}

}  // namespace
}  // namespace perfgate::test
