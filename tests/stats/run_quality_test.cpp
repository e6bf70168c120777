// SPDX-License-Identifier: MIT
// Run quality: which windows of a run swung, which way, and when that makes the run disturbed.
#include "perfgate/stats/run_quality.h"

#include <gtest/gtest.h>

#include "perfgate/results/sequence.h"
#include "stats/run_builder.h"

namespace perfgate::stats {
namespace {

results::RunResult steady_run(int windows = 10) {
  return test::noisy_run(3, 1.0, windows, 50);
}

void scale_window(results::RunResult& run, size_t window, double factor) {
  for (auto& series : run.metrics.endpoints) {
    series.windows[window].requests =
        static_cast<int64_t>(static_cast<double>(series.windows[window].requests) * factor);
  }
}

TEST(RunQualityTest, SwungWindowsAreThoseOffTheMedianByTwiceAndTheRisenOnesAreCounted) {
  results::RunResult run = steady_run();
  scale_window(run, 2, 0.3);  // fell
  scale_window(run, 7, 3.0);  // rose
  scale_window(run, 5, 0.6);  // within 2× of the median: not a swing
  WindowSwings swings = find_swings(run, nullptr);
  EXPECT_EQ(swings.windows, 10u);
  EXPECT_EQ(swings.swung, (std::vector<size_t>{2, 7}));
  EXPECT_EQ(swings.rose, 1u);
}

TEST(RunQualityTest, AReferenceWithTheSameShapeTurnsPlannedSwingsIntoNone) {
  results::RunResult planned = steady_run();
  scale_window(planned, 0, 0.2);  // a ramp-up second
  results::RunResult run = planned;
  EXPECT_EQ(find_swings(run, nullptr).swung, (std::vector<size_t>{0}));
  EXPECT_TRUE(find_swings(run, &planned).swung.empty());
}

TEST(RunQualityTest, ARunIsDisturbedOnlyPastTheShareAndWithFiveWindowsOrMore) {
  EXPECT_FALSE(too_many_swings(1, 10, 0.15));
  EXPECT_TRUE(too_many_swings(2, 10, 0.15));
  EXPECT_FALSE(too_many_swings(2, 4, 0.15));  // too short to tell a swing from the run's shape
  results::RunResult run = steady_run();
  scale_window(run, 4, 0.1);
  scale_window(run, 8, 0.1);
  RunQuality quality = assess_run(run, nullptr, 0.15);
  EXPECT_TRUE(quality.disturbed);
  EXPECT_FALSE(quality.generator_limited);
  EXPECT_EQ(quality.swung_windows, (std::vector<size_t>{4, 8}));
  EXPECT_NE(quality.reason.find("2 of 10 windows"), std::string::npos) << quality.reason;
}

// A block of `seconds` steady windows and `extra` past them, as perf-gate records one: the last
// window holds what those milliseconds measured (at least one request).
results::RunResult block_of(uint64_t seed, int seconds,
                            std::chrono::milliseconds extra = std::chrono::milliseconds{2}) {
  results::RunResult run = test::noisy_run(seed, 1.0, seconds + 1, 50);
  run.meta.duration = std::chrono::seconds{seconds} + extra;
  for (auto& series : run.metrics.endpoints) {
    series.windows.back().requests = std::max<int64_t>(1, 50 * extra.count() / 1000);
  }
  return run;
}

// A run of a staged profile: a ramp over its first two seconds, planned in every run.
results::RunResult staged(uint64_t seed, int seconds = 10,
                          std::chrono::milliseconds extra = std::chrono::milliseconds{2}) {
  results::RunResult run = block_of(seed, seconds, extra);
  scale_window(run, 0, 0.2);
  scale_window(run, 1, 0.4);
  return run;
}

TEST(RunQualityTest, AnAbSideJoinedFromItsBlocksIsNotDisturbedByTheirCutShortWindows) {
  std::vector<results::RunResult> blocks;
  for (uint64_t seed = 1; seed <= 10; ++seed) blocks.push_back(block_of(seed, 2));
  results::RunResult side = *results::join_in_sequence(blocks);
  RunQuality quality = assess_run(side, nullptr, 0.15);
  EXPECT_FALSE(quality.disturbed) << quality.reason;
}

TEST(RunQualityTest, JoinedRunsOfAStagedProfileAreJudgedAgainstItsStagesRunByRun) {
  results::RunResult latest = staged(20);
  results::RunResult joined = *results::join_in_sequence({staged(21), staged(22)});
  EXPECT_TRUE(assess_run(joined, nullptr, 0.15).disturbed);  // 4 of 20 windows, judged alone
  RunQuality quality = assess_run(joined, &latest, 0.15, 2);
  EXPECT_FALSE(quality.disturbed) << quality.reason;
  results::RunResult hogged = *results::join_in_sequence({staged(23), staged(24)});
  for (size_t window : {14, 15, 16, 17}) scale_window(hogged, window, 0.2);
  EXPECT_TRUE(assess_run(hogged, &latest, 0.15, 2).disturbed);  // unplanned: 4 of 10 windows
}

TEST(RunQualityTest, JoinedRunsAreCutAtTheirOwnBoundsWhateverTheirLengths) {
  results::RunResult latest = staged(20);
  // Runs that ended half a second late (their 11th window half full, kept apart), and a short
  // last run stopped early (too short to judge): each still lines up with the stages.
  auto late = std::chrono::milliseconds{500};
  results::RunResult joined =
      *results::join_in_sequence({staged(41, 10, late), staged(42, 10, late), staged(43, 4)});
  ASSERT_EQ(joined.joined.size(), 3u);
  EXPECT_EQ(joined.joined[1].first_window, 11u);
  RunQuality quality = assess_run(joined, &latest, 0.15, 3);
  EXPECT_FALSE(quality.disturbed) << quality.reason;
}

TEST(RunQualityTest, ABaselineThatStoredJoinedRunsAsOneIsTheReferenceForAllOfThem) {
  results::RunResult latest = *results::join_in_sequence({staged(51), staged(52)});
  results::RunResult joined = *results::join_in_sequence({staged(53), staged(54)});
  RunQuality quality = assess_run(joined, &latest, 0.15, 2);
  EXPECT_FALSE(quality.disturbed) << quality.reason;
}

TEST(RunQualityTest, ASwingInOneOfTheRunsJudgedTogetherIsNotDilutedByTheOthers) {
  results::RunResult joined = *results::join_in_sequence({block_of(31, 5), block_of(32, 5)});
  scale_window(joined, 7, 0.2);                               // one second of the second 5 s run
  EXPECT_FALSE(assess_run(joined, nullptr, 0.15).disturbed);  // 1 of 10 windows
  RunQuality quality = assess_run(joined, nullptr, 0.15, 2);  // 1 of that run's 5
  EXPECT_TRUE(quality.disturbed);
  EXPECT_EQ(quality.swung_windows, (std::vector<size_t>{7}));
  EXPECT_NE(quality.reason.find("each of the 2 runs judged on its own"), std::string::npos)
      << quality.reason;
}

}  // namespace
}  // namespace perfgate::stats
