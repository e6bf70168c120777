// SPDX-License-Identifier: MIT
// RunOptions::on_window: every window of the run, every worker's share merged, in order, equal
// to the windows of the results (what live metrics stream is what the results file keeps).
#include <gtest/gtest.h>

#include <vector>

#include "engine/engine_fixtures.h"
#include "support/test_http_server.h"

namespace perfgate::test {
namespace {

struct Seen {
  int64_t index = 0;
  std::vector<metrics::EndpointMetrics> endpoints;
  metrics::LoadWindow load;
};

class EngineOnWindowTest : public EngineClientTest {};
PERFGATE_FOR_EACH_HTTP_CLIENT(EngineOnWindowTest);

TEST_P(EngineOnWindowTest, HandsOverEveryWindowAsTheResultsHaveIt) {
  TestHttpServer server;
  auto scenario = make_scenario(
      server.base_url(), {journey("mixed", {step("home", "/"), step("missing", "/status/404")})},
      open_profile(30, 3s));
  engine::RunOptions options = quiet_options(2);
  std::vector<Seen> seen;
  options.on_window = [&seen](const engine::ClosedWindow& window) {
    ASSERT_NE(window.meta, nullptr);
    ASSERT_EQ(window.endpoint_names->size(), 2u);
    seen.push_back({window.index, window.endpoints, window.load});
  };
  auto result = run_ok(scenario, options);
  ASSERT_EQ(static_cast<int64_t>(seen.size()), result.metrics.window_count());
  int64_t requests = 0;
  for (size_t t = 0; t < seen.size(); ++t) {
    EXPECT_EQ(seen[t].index, static_cast<int64_t>(t));
    for (size_t e = 0; e < 2; ++e) {
      const metrics::EndpointWindow& kept = result.metrics.endpoints[e].windows[t];
      const metrics::EndpointMetrics& streamed = seen[t].endpoints[e];
      EXPECT_EQ(streamed.requests, kept.requests) << "window " << t;
      EXPECT_EQ(streamed.errors, kept.errors) << "window " << t;
      EXPECT_EQ(streamed.latency.total_count(), kept.latency.total_count());
      if (kept.latency.empty()) continue;
      metrics::Histogram expanded = kept.latency.expand();
      EXPECT_EQ(streamed.latency.value_at_percentile(99), expanded.value_at_percentile(99));
      EXPECT_EQ(streamed.latency.max(), expanded.max());
      requests += streamed.requests;
    }
    EXPECT_EQ(seen[t].load.iterations_started, result.metrics.load[t].iterations_started);
  }
  EXPECT_EQ(requests, 180);  // 30/s for 3 s, two steps each
}

}  // namespace
}  // namespace perfgate::test
