// SPDX-License-Identifier: MIT
// Issue 11: a hostile target cannot smuggle a request through a captured value rendered into a
// header or a URL; such a request is counted as a `request` error and never sent.
#include <gtest/gtest.h>

#include "engine/engine_fixtures.h"
#include "support/test_http_server.h"

namespace perfgate::test {
namespace {

using metrics::ErrorKind;

scenario::Step hostile_login(const std::string& variable, const std::string& path) {
  auto login = step("hostile", "/hostile");
  login.captures.push_back(
      scenario::make_capture(variable, scenario::CaptureSource::json, path).value());
  return login;
}

size_t smuggled(const TestHttpServer& server) {
  size_t count = 0;
  for (const auto& request : server.requests()) {
    if (request.target.find("SMUGGLED") != std::string::npos ||
        request.headers.find("SMUGGLED") != std::string::npos)
      ++count;
  }
  return count;
}

class Issue11SmugglingTest : public EngineClientTest {
 protected:
  results::RunResult run_requests(const TestHttpServer& server, std::vector<scenario::Step> steps,
                                  int64_t max_requests) const {
    auto scenario = make_scenario(server.base_url(), {journey("one", std::move(steps))},
                                  closed_profile(1, 30s));
    auto options = quiet_options(1);
    options.max_requests = max_requests;
    return run_ok(scenario, options);
  }
};
PERFGATE_FOR_EACH_HTTP_CLIENT(Issue11SmugglingTest);

TEST_P(Issue11SmugglingTest, CapturedLineBreakInAHeaderIsARequestErrorNeverSent) {
  TestHttpServer server;
  auto use = step("use", "/use");
  use.headers.push_back(scenario::Header{"X-Cap", tmpl("{{ tok }}")});
  auto result = run_requests(server, {hostile_login("tok", "$.tok"), use}, 10);
  const auto& metrics = endpoint(result, "use");
  EXPECT_EQ(metrics.requests, 5);
  EXPECT_EQ(errors_of(metrics, ErrorKind::request), 5);
  EXPECT_EQ(server.count("/use"), 0u);
  EXPECT_EQ(smuggled(server), 0u);
  EXPECT_EQ(server.count("/hostile"), 5u);
}

TEST_P(Issue11SmugglingTest, CapturedNulInAHeaderIsARequestError) {
  TestHttpServer server;
  auto use = step("use", "/use");
  use.headers.push_back(scenario::Header{"X-Cap", tmpl("{{ nul }}")});
  auto result = run_requests(server, {hostile_login("nul", "$.nul"), use}, 6);
  EXPECT_EQ(errors_of(endpoint(result, "use"), ErrorKind::request), 3);
  EXPECT_EQ(server.count("/use"), 0u);
}

TEST_P(Issue11SmugglingTest, CapturedLineBreakInTheUrlIsARequestError) {
  TestHttpServer server;
  auto use = step("use", "/use/{{ tok }}");
  auto result = run_requests(server, {hostile_login("tok", "$.tok"), use}, 6);
  EXPECT_EQ(errors_of(endpoint(result, "use"), ErrorKind::request), 3);
  EXPECT_EQ(server.count("/use"), 0u);
  EXPECT_EQ(smuggled(server), 0u);
}

TEST_P(Issue11SmugglingTest, AJourneyOfOnlyRefusedRequestsEndsOnTime) {
  TestHttpServer server;
  auto use = step("use", "/use");
  use.headers.push_back(scenario::Header{"X-Cap", tmpl("{{ tok }}")});
  auto login = hostile_login("tok", "$.tok");
  auto scenario = make_scenario(server.base_url(), {journey("one", {login, use, use})},
                                closed_profile(2, 300ms));
  auto result = run_ok(scenario, quiet_options(1));
  const auto& metrics = endpoint(result, "use");
  EXPECT_GT(metrics.requests, 0);
  EXPECT_EQ(errors_of(metrics, ErrorKind::request), metrics.requests);
  EXPECT_EQ(smuggled(server), 0u);
}

TEST_P(Issue11SmugglingTest, SafeCapturesStillGoThrough) {
  TestHttpServer server;
  auto login = step("login", "/login", scenario::HttpMethod::post);
  login.captures.push_back(
      scenario::make_capture("token", scenario::CaptureSource::json, "$.token").value());
  auto secure = step("secure", "/secure");
  secure.headers.push_back(scenario::Header{"Authorization", tmpl("Bearer {{ token }}")});
  auto result = run_requests(server, {login, secure}, 6);
  EXPECT_EQ(endpoint(result, "secure").errors, 0);
  EXPECT_EQ(server.count("/secure"), 3u);
}

}  // namespace
}  // namespace perfgate::test
