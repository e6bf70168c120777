// SPDX-License-Identifier: MIT
// Exact counting: every request the server saw is in the results once, errors included.
#include <gtest/gtest.h>

#include "engine/engine_fixtures.h"
#include "support/test_http_server.h"

namespace perfgate::test {
namespace {

using metrics::ErrorKind;

class EngineCountingTest : public EngineClientTest {};
PERFGATE_FOR_EACH_HTTP_CLIENT(EngineCountingTest);

TEST_P(EngineCountingTest, ClosedModelCountsEveryServerRequestOnce) {
  TestHttpServer server;
  auto scenario = make_scenario(
      server.base_url(),
      {journey("mixed", {step("home", "/"), step("slow", "/delay/3"),
                         step("missing", "/status/404"), step("broken", "/status/503")})},
      closed_profile(6, 1s));
  auto result = run_ok(scenario, quiet_options());
  metrics::EndpointMetrics total = result.metrics.total();
  EXPECT_GT(total.requests, 40);
  EXPECT_EQ(static_cast<size_t>(total.requests), server.request_count());
  EXPECT_EQ(static_cast<size_t>(endpoint(result, "slow").requests), server.count("/delay/"));
  EXPECT_EQ(static_cast<size_t>(endpoint(result, "missing").requests), server.count("/status/404"));
  EXPECT_EQ(endpoint(result, "missing").errors, endpoint(result, "missing").requests);
  EXPECT_EQ(errors_of(endpoint(result, "missing"), ErrorKind::http_4xx),
            endpoint(result, "missing").requests);
  EXPECT_EQ(errors_of(endpoint(result, "broken"), ErrorKind::http_5xx),
            endpoint(result, "broken").requests);
  EXPECT_EQ(endpoint(result, "home").errors, 0);
  EXPECT_EQ(endpoint(result, "home").status_counts.at(200), endpoint(result, "home").requests);
  EXPECT_EQ(endpoint(result, "broken").status_counts.at(503), endpoint(result, "broken").requests);
  EXPECT_EQ(total.latency.total_count(), total.requests);
}

TEST_P(EngineCountingTest, OpenModelStartsExactlyTheScheduledIterations) {
  TestHttpServer server;
  auto scenario = make_scenario(server.base_url(), {journey("one", {step("home", "/")})},
                                open_profile(100, 1s));
  auto result = run_ok(scenario, quiet_options());
  EXPECT_EQ(result.metrics.iterations, 100);
  EXPECT_EQ(result.metrics.dropped_iterations, 0);
  EXPECT_EQ(endpoint(result, "home").requests, 100);
  EXPECT_EQ(server.request_count(), 100u);
}

TEST_P(EngineCountingTest, MaxRequestsStopsAtExactlyThatMany) {
  TestHttpServer server;
  auto scenario = make_scenario(server.base_url(), {journey("one", {step("home", "/")})},
                                closed_profile(4, 30s));
  auto options = quiet_options();
  options.max_requests = 137;
  auto result = run_ok(scenario, options);
  EXPECT_EQ(endpoint(result, "home").requests, 137);
  EXPECT_EQ(server.request_count(), 137u);
}

TEST_P(EngineCountingTest, WindowsAddUpToTheTotals) {
  TestHttpServer server;
  auto scenario = make_scenario(server.base_url(), {journey("one", {step("home", "/delay/2")})},
                                closed_profile(3, 2500ms));
  auto result = run_ok(scenario, quiet_options());
  const metrics::EndpointSeries* series = result.metrics.find("home");
  ASSERT_NE(series, nullptr);
  EXPECT_GE(series->windows.size(), 3u);
  int64_t requests = 0;
  int64_t samples = 0;
  for (const auto& window : series->windows) {
    requests += window.requests;
    samples += window.latency.total_count();
  }
  EXPECT_EQ(requests, series->totals.requests);
  EXPECT_EQ(samples, series->totals.requests);
}

}  // namespace
}  // namespace perfgate::test
