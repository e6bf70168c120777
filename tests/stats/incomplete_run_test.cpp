// SPDX-License-Identifier: MIT
// A merged run that misses shards measured only part of the planned load: the gate reports it
// as incomplete (inconclusive, with the shards named), never as a slower service.
#include <gtest/gtest.h>

#include "perfgate/stats/compare.h"
#include "stats/run_builder.h"

namespace perfgate::stats {
namespace {

// 3 of 4 shards: a quarter of the requests, so throughput is down by a quarter.
results::RunResult three_of_four_shards(uint64_t seed) {
  results::RunResult run = test::noisy_run(seed, 1.0, 10, 225);
  run.meta.merged_shard_count = 4;
  run.meta.merged_shards = {0, 1, 3};
  run.warnings.push_back("incomplete: the merged run holds 3 of 4 shards (missing: 2): …");
  return run;
}

Baseline history(int runs) {
  std::optional<Baseline> baseline;
  for (int i = 0; i < runs; ++i)
    baseline = *update_baseline(std::move(baseline), test::noisy_run(100 + i, 1.0, 10, 300));
  return *baseline;
}

TEST(IncompleteRunTest, AMissingShardIsInconclusiveNeverARegression) {
  Baseline baseline = history(10);
  ThresholdSet thresholds = *parse_thresholds("http_reqs: [\"rate>50\"]\n", "t.yaml");
  Result<Verdict> verdict = evaluate(three_of_four_shards(999), &baseline, &thresholds, {});
  ASSERT_TRUE(verdict.ok()) << verdict.error().describe();
  EXPECT_EQ(verdict->verdict, Status::inconclusive);
  for (const Check& check : verdict->checks) EXPECT_NE(check.status, Status::fail) << check.metric;
  ASSERT_FALSE(verdict->checks.empty());
  const Check& shards = verdict->checks.front();
  EXPECT_EQ(shards.metric, "shards");
  EXPECT_EQ(shards.status, Status::inconclusive);
  EXPECT_EQ(shards.current, 3);
  EXPECT_EQ(shards.baseline, 4);
  EXPECT_NE(shards.explanation.find("3 of 4 shards (missing: 2)"), std::string::npos)
      << shards.explanation;
  ASSERT_FALSE(verdict->notes.empty());
  EXPECT_NE(verdict->notes.front().find("incomplete run: 3 of 4 shards"), std::string::npos)
      << verdict->notes.front();
}

TEST(IncompleteRunTest, AThresholdBreachOfAnIncompleteRunSaysWhy) {
  ThresholdSet thresholds = *parse_thresholds("http_reqs: [\"rate>1000000\"]\n", "t.yaml");
  Result<Verdict> verdict = evaluate(three_of_four_shards(5), nullptr, &thresholds, {});
  ASSERT_TRUE(verdict.ok());
  EXPECT_EQ(verdict->verdict, Status::inconclusive);
  bool found = false;
  for (const Check& check : verdict->checks) {
    if (check.metric != "http_reqs") continue;
    found = true;
    EXPECT_EQ(check.status, Status::inconclusive);
    EXPECT_NE(check.explanation.find("the run is incomplete (3 of 4 shards"), std::string::npos)
        << check.explanation;
  }
  EXPECT_TRUE(found);
}

TEST(IncompleteRunTest, ALatencyOrErrorLimitBrokenOnTheShardsPresentStillFails) {
  // Their requests are real: a missing shard cannot make them faster or succeed.
  ThresholdSet thresholds = *parse_thresholds(
      "http_req_duration: [\"p(95)<0.001\"]\nhttp_reqs: [\"rate>1000000\"]\n", "t.yaml");
  Result<Verdict> verdict = evaluate(three_of_four_shards(6), nullptr, &thresholds, {});
  ASSERT_TRUE(verdict.ok());
  EXPECT_EQ(verdict->verdict, Status::fail);
  for (const Check& check : verdict->checks) {
    if (check.metric == "http_req_duration") {
      EXPECT_EQ(check.status, Status::fail);
    } else if (check.metric == "http_reqs") {
      EXPECT_EQ(check.status, Status::inconclusive);
    }
  }
}

TEST(IncompleteRunTest, ACompleteMergedRunIsJudgedAsUsual) {
  results::RunResult run = test::noisy_run(7, 1.0, 10, 300);
  run.meta.merged_shard_count = 2;
  run.meta.merged_shards = {0, 1};
  ThresholdSet thresholds = *parse_thresholds("http_reqs: [\"rate>1000000\"]\n", "t.yaml");
  Result<Verdict> verdict = evaluate(run, nullptr, &thresholds, {});
  ASSERT_TRUE(verdict.ok());
  EXPECT_EQ(verdict->verdict, Status::fail);
  for (const Check& check : verdict->checks) EXPECT_NE(check.metric, "shards");
  // The reports say the run was merged, complete or not.
  bool noted = false;
  for (const std::string& note : verdict->notes)
    noted |= note == "merged from all 2 shards of the run";
  EXPECT_TRUE(noted);
}

}  // namespace
}  // namespace perfgate::stats
