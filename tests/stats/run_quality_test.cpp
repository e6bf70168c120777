// SPDX-License-Identifier: MIT
// Run quality: which windows of a run swung, which way, and when that makes the run disturbed.
#include "perfgate/stats/run_quality.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace perfgate::stats
