// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cmath>

#include "perfgate/stats/change_point.h"
#include "perfgate/stats/window_blocks.h"
#include "stats/run_builder.h"

namespace perfgate::stats {
namespace {

TEST(ChangePointTest, EnergyStatisticMatchesTheDefinition) {
  // series {0, 0, 1, 1}, split at 2: cross sum |x-y| = 4, within sums 0:
  // Q = 2*2/4 * (2*4/(2*2) - 0 - 0) = 2. Other splits need segments of 2, so only tau = 2.
  std::vector<double> series{0, 0, 1, 1};
  Split split = strongest_split(series, 2);
  EXPECT_EQ(split.index, 2u);
  EXPECT_DOUBLE_EQ(split.statistic, 2.0);
}

TEST(ChangePointTest, FindsAStepAndItsMeans) {
  std::vector<double> series{1.0, 1.1, 0.9, 1.0, 1.05, 2.0, 2.1, 1.9, 2.0, 2.05};
  auto point = find_change_point(series, 999, 7);
  ASSERT_TRUE(point.has_value());
  EXPECT_EQ(point->index, 5u);
  EXPECT_NEAR(point->mean_before, 1.01, 1e-12);
  EXPECT_NEAR(point->mean_after, 2.01, 1e-12);
  // The observed split is the strongest of all C(10,5) = 252 arrangements up to relabelling,
  // so the permutation p-value is near its floor 1/(999+1) · (1 + ~999·2/252).
  EXPECT_LT(point->p_value, 0.02);
}

TEST(ChangePointTest, ExchangeableSeriesHasLargePValue) {
  std::vector<double> series{1.0, 1.02, 0.98, 1.01, 0.99, 1.0, 1.03, 0.97, 1.0, 1.01};
  auto point = find_change_point(series, 499, 7);
  EXPECT_GT(point->p_value, 0.05);
}

TEST(ChangePointTest, SameSeedSameAnswer) {
  std::vector<double> series{1.0, 1.2, 0.9, 1.1, 1.3, 1.2, 1.4, 1.35};
  EXPECT_EQ(find_change_point(series, 199, 11)->p_value,
            find_change_point(series, 199, 11)->p_value);
}

TEST(WindowBlocksTest, MergesWindowsUntilBigEnough) {
  results::RunResult run = test::make_run();
  for (size_t w = 0; w < 7; ++w) test::add_requests(run, "a", w, 1000 * (w + 1), 100);
  const auto& windows = run.metrics.find("a")->windows;
  auto blocks = latency_blocks(windows, windows.size(), 200, 30);
  ASSERT_EQ(blocks.size(), 3u);  // 2 + 2 + (2 + the leftover 1)
  EXPECT_EQ(blocks[2].total_count(), 300);
  // At most max_blocks blocks: a long run's blocks grow instead (700 requests, blocks of
  // ≥ 234: 3 + 3 windows, and the leftover window joins the last).
  EXPECT_EQ(latency_blocks(windows, windows.size(), 1, 3).size(), 2u);
  EXPECT_EQ(requests_per_block(99, 10), 1000);
  EXPECT_EQ(requests_per_block(50, 10), 20);
  auto rates = block_rates(windows, 5, 0.5, 30);  // 5 windows, one group each
  ASSERT_EQ(rates.size(), 5u);
  EXPECT_DOUBLE_EQ(rates[0], 200);
  auto grouped = block_rates(windows, 6, 0.5, 3);  // 3 groups of 2 windows
  ASSERT_EQ(grouped.size(), 3u);
  EXPECT_DOUBLE_EQ(grouped[0], 200);
  auto counts = count_blocks(windows, 7, 3);  // groups of 3: 3 + 3 + 1 windows
  ASSERT_EQ(counts.size(), 3u);
  EXPECT_EQ(counts[2].requests, 100);
}

}  // namespace
}  // namespace perfgate::stats
