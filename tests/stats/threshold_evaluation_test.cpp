// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "perfgate/stats/thresholds.h"
#include "stats/run_builder.h"

namespace perfgate::stats {
namespace {

ThresholdSet rules(const std::string& text) {
  Result<ThresholdSet> set = parse_thresholds(text, "t.yaml");
  EXPECT_TRUE(set.ok()) << (set.ok() ? "" : set.error().describe());
  return set.ok() ? *set : ThresholdSet{};
}

// 10 s run: login 900 requests at 100 ms + 100 at 800 ms (p95 = 800 ms), 20 of them errors;
// search 1000 requests at 50 ms.
results::RunResult sample_run() {
  results::RunResult run = test::make_run();
  test::add_requests(run, "login", 0, 100'000, 900, 20);
  test::add_requests(run, "login", 1, 800'000, 100);
  test::add_requests(run, "search", 0, 50'000, 1000);
  return run;
}

std::vector<Check> evaluate_ok(const std::string& text, const results::RunResult& run,
                               const std::string& profile = "baseline") {
  Result<std::vector<Check>> checks = evaluate_thresholds(rules(text), run, profile);
  EXPECT_TRUE(checks.ok()) << (checks.ok() ? "" : checks.error().describe());
  return checks.ok() ? *checks : std::vector<Check>{};
}

TEST(ThresholdEvaluationTest, PercentileOfOneEndpointFailsAboveLimit) {
  auto checks =
      evaluate_ok("http_req_duration{name:login}: [\"p(95)<500\", \"med<200\"]\n", sample_run());
  ASSERT_EQ(checks.size(), 2u);
  EXPECT_EQ(checks[0].status, Status::fail);
  EXPECT_EQ(checks[0].endpoint, "login");
  EXPECT_NEAR(*checks[0].current, 800, 800 * 0.01);
  EXPECT_DOUBLE_EQ(*checks[0].baseline, 500);
  EXPECT_NE(checks[0].explanation.find("breaks < 500 ms"), std::string::npos)
      << checks[0].explanation;
  EXPECT_EQ(checks[1].status, Status::pass);
}

TEST(ThresholdEvaluationTest, TotalCombinesEndpoints) {
  // 2000 requests: 1900 at <= 100 ms, 100 at 800 ms: p95 of the total is 100 ms.
  auto checks = evaluate_ok("http_req_duration: [\"p(95)<500\", \"max<500\"]\n", sample_run());
  EXPECT_EQ(checks[0].status, Status::pass);
  EXPECT_EQ(checks[1].status, Status::fail);
}

TEST(ThresholdEvaluationTest, ErrorRateAndRequestRate) {
  auto checks = evaluate_ok(
      "http_req_failed: [\"rate<0.005\"]\n"
      "http_req_failed{name:search}: [\"rate<0.005\"]\n"
      "http_reqs: [\"rate>150\", \"count==2000\"]\n",
      sample_run());
  ASSERT_EQ(checks.size(), 4u);
  EXPECT_EQ(checks[0].status, Status::fail);  // 20 / 2000 = 1 %
  EXPECT_DOUBLE_EQ(*checks[0].current, 0.01);
  EXPECT_EQ(checks[1].status, Status::pass);
  EXPECT_EQ(checks[2].status, Status::pass);  // 2000 requests / 10 s = 200/s
  EXPECT_DOUBLE_EQ(*checks[2].current, 200);
  EXPECT_EQ(checks[3].status, Status::pass);
}

TEST(ThresholdEvaluationTest, MetricWithoutDataIsNoDataNotPass) {
  results::RunResult run = sample_run();
  run.metrics.get_or_add("idle");
  auto checks = evaluate_ok(
      "http_req_duration{name:idle}: [\"p(95)<500\"]\n"
      "checks: [\"rate>0.99\"]\n",
      run);
  ASSERT_EQ(checks.size(), 2u);
  EXPECT_EQ(checks[0].status, Status::no_data);
  EXPECT_EQ(checks[1].status, Status::no_data);
  EXPECT_FALSE(checks[0].current.has_value());
}

TEST(ThresholdEvaluationTest, UnknownEndpointIsBadInputWithLocation) {
  Result<std::vector<Check>> checks = evaluate_thresholds(
      rules("http_req_duration: [\"p(95)<500\"]\nhttp_req_duration{name:logout}: [\"p(95)<1\"]\n"),
      sample_run(), "baseline");
  ASSERT_FALSE(checks.ok());
  EXPECT_EQ(checks.error().kind, ErrorKind::bad_input);
  EXPECT_EQ(checks.error().location->line, 2);
  EXPECT_NE(checks.error().message.find("'logout' does not exist"), std::string::npos);
}

TEST(ThresholdEvaluationTest, ProfileRulesApply) {
  std::string text =
      "default:\n  http_req_failed: [\"rate<0.005\"]\nstress:\n  http_req_failed: "
      "[\"rate<0.02\"]\n";
  EXPECT_EQ(evaluate_ok(text, sample_run(), "baseline")[0].status, Status::fail);
  EXPECT_EQ(evaluate_ok(text, sample_run(), "stress")[0].status, Status::pass);
}

TEST(ThresholdEvaluationTest, DroppedIterationsCount) {
  results::RunResult run = sample_run();
  run.metrics.dropped_iterations = 3;
  auto checks = evaluate_ok("dropped_iterations: [\"count<1\"]\n", run);
  EXPECT_EQ(checks[0].status, Status::fail);
}

TEST(ThresholdEvaluationTest, AbortWaitsForTheDelayAndOnlyForMarkedRules) {
  ThresholdSet set = rules(
      "http_req_duration{name:login}:\n"
      "  - {threshold: 'p(95)<500', abortOnFail: true, delayAbortEval: 5s}\n"
      "http_req_failed: ['rate<0.001']\n");
  results::RunResult run = sample_run();
  EXPECT_FALSE(abort_reason(set, run, "baseline", std::chrono::seconds{4}).has_value());
  std::optional<std::string> reason = abort_reason(set, run, "baseline", std::chrono::seconds{6});
  ASSERT_TRUE(reason.has_value());
  EXPECT_NE(reason->find("p(95)<500"), std::string::npos) << *reason;
  EXPECT_TRUE(has_abort_rules(set, "baseline"));
}

TEST(ThresholdEvaluationTest, AbortIgnoresEndpointsNotSeenYet) {
  ThresholdSet set =
      rules("http_req_duration{name:later}: [{threshold: 'p(95)<1', abortOnFail: true}]\n");
  EXPECT_FALSE(abort_reason(set, sample_run(), "baseline", std::chrono::seconds{6}).has_value());
}

}  // namespace
}  // namespace perfgate::stats
