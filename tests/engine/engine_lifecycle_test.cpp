// SPDX-License-Identifier: MIT
// How a run starts, ramps, drops, stops and ends: graceful stop, interruption, dropped
// iterations, weights, and the options rejected before any load.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "engine/engine_fixtures.h"
#include "support/test_http_server.h"

namespace perfgate::test {
namespace {

class EngineLifecycleTest : public EngineClientTest {};
PERFGATE_FOR_EACH_HTTP_CLIENT(EngineLifecycleTest);

TEST_P(EngineLifecycleTest, GracefulEndCountsInFlightRequests) {
  TestHttpServer server;
  // Every request is still in flight when the 1 s run ends (they take 700 ms, started at 0 and
  // ~700 ms): the grace period lets them finish, and they are counted.
  auto scenario = make_scenario(server.base_url(), {journey("one", {step("slow", "/delay/700")})},
                                closed_profile(4, 1s));
  auto result = run_ok(scenario, quiet_options());
  const auto& slow = endpoint(result, "slow");
  EXPECT_EQ(slow.requests, 8);
  EXPECT_EQ(slow.errors, 0);
  EXPECT_EQ(server.request_count(), 8u);
}

TEST_P(EngineLifecycleTest, RequestsBeyondTheGracePeriodCountAsTimeouts) {
  TestHttpServer server;
  auto profile = closed_profile(3, 300ms);
  profile.graceful_stop = 200ms;
  auto scenario =
      make_scenario(server.base_url(), {journey("one", {step("stuck", "/delay/5000")})}, profile);
  auto result = run_ok(scenario, quiet_options());
  const auto& stuck = endpoint(result, "stuck");
  EXPECT_EQ(stuck.requests, 3);
  EXPECT_EQ(errors_of(stuck, metrics::ErrorKind::timeout), 3);
  EXPECT_EQ(server.request_count(), 3u);
  EXPECT_FALSE(result.warnings.empty());
}

TEST_P(EngineLifecycleTest, DroppedIterationsAreCountedWhenMaxVusAreBusy) {
  TestHttpServer server;
  // 50 arrivals in 1 s, one slot, 300 ms per request: about 4 start, the rest are dropped.
  auto scenario = make_scenario(server.base_url(), {journey("one", {step("slow", "/delay/300")})},
                                open_profile(50, 1s, 1));
  auto result = run_ok(scenario, quiet_options(1));
  int64_t started = 0;
  for (const auto& window : result.metrics.load) started += window.iterations_started;
  EXPECT_GT(result.metrics.dropped_iterations, 40);
  EXPECT_EQ(started + result.metrics.dropped_iterations, 50);
  EXPECT_EQ(static_cast<size_t>(endpoint(result, "slow").requests), server.request_count());
  EXPECT_EQ(endpoint(result, "slow").requests, started);
}

TEST_P(EngineLifecycleTest, StopFlagEndsTheRunGracefully) {
  TestHttpServer server;
  auto scenario = make_scenario(server.base_url(), {journey("one", {step("wait", "/delay/20")})},
                                closed_profile(2, 60s));
  std::atomic<bool> stop{false};
  auto options = quiet_options();
  options.stop_flag = &stop;
  std::thread stopper([&stop] {
    std::this_thread::sleep_for(500ms);
    stop.store(true);
  });
  auto result = run_ok(scenario, options);
  stopper.join();
  EXPECT_TRUE(result.meta.interrupted);
  EXPECT_EQ(result.meta.interrupt_reason, "interrupted");
  EXPECT_LT(result.meta.duration, std::chrono::microseconds(30s));
  EXPECT_EQ(static_cast<size_t>(endpoint(result, "wait").requests), server.request_count());
}

TEST_P(EngineLifecycleTest, AbortCheckEndsTheRunWithItsReason) {
  TestHttpServer server;
  auto scenario = make_scenario(
      server.base_url(), {journey("one", {step("broken", "/status/500")})}, closed_profile(1, 60s));
  auto options = quiet_options(1);
  int calls = 0;
  options.abort_check = [&calls](const results::RunResult& partial) -> std::optional<std::string> {
    ++calls;
    if (partial.metrics.total().errors > 0) return "error rate too high";
    return std::nullopt;
  };
  auto result = run_ok(scenario, options);
  EXPECT_TRUE(result.meta.interrupted);
  EXPECT_EQ(result.meta.interrupt_reason, "error rate too high");
  EXPECT_GE(calls, 1);
  EXPECT_EQ(static_cast<size_t>(endpoint(result, "broken").requests), server.request_count());
}

TEST_P(EngineLifecycleTest, WeightsHoldWithinFivePercentClosed) {
  TestHttpServer server;
  auto scenario = make_scenario(server.base_url(),
                                {journey("browse", {step("a", "/delay/2")}, 3),
                                 journey("analyst", {step("b", "/delay/2")}, 1)},
                                closed_profile(40, 1s));
  auto result = run_ok(scenario, quiet_options());
  double a = static_cast<double>(endpoint(result, "a").requests);
  double b = static_cast<double>(endpoint(result, "b").requests);
  EXPECT_NEAR(a / (a + b), 0.75, 0.05);
}

TEST_P(EngineLifecycleTest, WeightsHoldWithinFivePercentOpen) {
  TestHttpServer server;
  auto scenario = make_scenario(
      server.base_url(),
      {journey("browse", {step("a", "/")}, 3), journey("analyst", {step("b", "/")}, 1)},
      open_profile(200, 1s));
  auto result = run_ok(scenario, quiet_options());
  // Every one of the 200 arrivals is assigned 3:1 and either runs or, on a machine too busy to
  // start it in time, is counted as dropped: none is lost.
  int64_t dropped = result.metrics.dropped_iterations;
  int64_t a = endpoint(result, "a").requests;
  int64_t b = endpoint(result, "b").requests;
  EXPECT_EQ(a + b + dropped, 200);
  EXPECT_GE(a, 150 - dropped);
  EXPECT_GE(b, 50 - dropped);
}

TEST_P(EngineLifecycleTest, StagesRampTheVusUpAndDown) {
  TestHttpServer server;
  scenario::Profile profile;
  profile.name = "ramp";
  profile.stages = {{1s, 8}, {1s, 0}};
  profile.graceful_stop = 2s;
  auto scenario =
      make_scenario(server.base_url(), {journey("one", {step("wait", "/delay/5")})}, profile);
  auto result = run_ok(scenario, quiet_options());
  ASSERT_GE(result.metrics.load.size(), 2u);
  EXPECT_GE(result.metrics.load[0].active_vus_max, 6);
  EXPECT_LE(result.metrics.load[0].active_vus_max, 8);
  EXPECT_EQ(result.meta.planned_vus, 8);
  EXPECT_EQ(static_cast<size_t>(endpoint(result, "wait").requests), server.request_count());
}

TEST_P(EngineLifecycleTest, BadOptionsAreRejectedBeforeAnyLoad) {
  TestHttpServer server;
  auto scenario = make_scenario(server.base_url(), {journey("one", {step("home", "/")})},
                                closed_profile(1, 1s));
  auto both = quiet_options();
  both.vus = 2;
  both.rate = 5;
  EXPECT_EQ(engine::run_load(scenario, both).error().kind, ErrorKind::bad_input);
  auto unknown = quiet_options();
  unknown.profile = "nope";
  EXPECT_EQ(engine::run_load(scenario, unknown).error().kind, ErrorKind::bad_input);
  auto max_vus_closed = quiet_options();
  max_vus_closed.max_vus = 3;
  EXPECT_EQ(engine::run_load(scenario, max_vus_closed).error().kind, ErrorKind::bad_input);
  auto target = quiet_options();
  target.target = "ftp://127.0.0.1/";
  EXPECT_EQ(engine::run_load(scenario, target).error().kind, ErrorKind::bad_input);
  auto too_many = quiet_options();
  too_many.vus = 9'000'000;
  auto error = engine::run_load(scenario, too_many);
  ASSERT_FALSE(error);
  EXPECT_NE(error.error().message.find("open files"), std::string::npos);
  auto absurd = quiet_options();  // issue 11: beyond any machine, refused before conversions
  absurd.vus = 100'000'000;
  auto refused = engine::run_load(scenario, absurd);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("at most"), std::string::npos);
  EXPECT_EQ(server.request_count(), 0u);
}

TEST_P(EngineLifecycleTest, FlagsOverrideTheProfile) {
  TestHttpServer server;
  auto scenario = make_scenario(server.base_url(), {journey("one", {step("home", "/")})},
                                closed_profile(1, 60s));
  auto options = quiet_options();
  options.rate = 40;
  options.duration = std::chrono::microseconds(500ms);
  auto result = run_ok(scenario, options);
  EXPECT_EQ(result.meta.model, "open");
  EXPECT_EQ(endpoint(result, "home").requests, 20);
}

}  // namespace
}  // namespace perfgate::test
