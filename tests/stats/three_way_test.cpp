// SPDX-License-Identifier: MIT
// Reference values: scipy 1.10 — stats.t.ppf(0.95, 4) = 2.13184678133629,
// stats.t.sf(2.5, 7) = 0.020496109292876437, stats.norm.ppf(0.99) = 2.3263478740408408.
#include "perfgate/stats/three_way.h"

#include <gtest/gtest.h>

#include <cmath>

namespace perfgate::stats {
namespace {

const double k_tolerance = std::log(1.10);

TEST(ThreeWayTest, BoundsAndPValuesMatchScipy) {
  EXPECT_NEAR(upper_bound({0, 1, 4}, 0.95), 2.13184678133629, 1e-7);
  EXPECT_NEAR(lower_bound({0, 1, 4}, 0.95), -2.13184678133629, 1e-7);
  EXPECT_NEAR(p_worse({2.5, 1, 7}), 0.020496109292876437, 1e-12);
  EXPECT_NEAR(detectable_change({0, 1, k_infinite_df}, 0.01, 0.5), 2.3263478740408408, 1e-9);
}

TEST(ThreeWayTest, LargeClearChangeFails) {
  ChangeEstimate estimate{std::log(3.0), 0.2, k_infinite_df};
  EXPECT_EQ(decide(estimate, k_tolerance, p_worse(estimate), {}), Status::fail);
}

TEST(ThreeWayTest, SmallPreciseChangePasses) {
  ChangeEstimate estimate{0.01, 0.02, 20};
  EXPECT_EQ(decide(estimate, k_tolerance, p_worse(estimate), {}), Status::pass);
}

TEST(ThreeWayTest, LargeChangeThatCannotBeShownIsInconclusiveNotPass) {
  // +181 % but so noisy that it is not significant: never "within noise".
  ChangeEstimate estimate{std::log(2.81), 0.8, 3};
  EXPECT_EQ(decide(estimate, k_tolerance, p_worse(estimate), {}), Status::inconclusive);
}

TEST(ThreeWayTest, SignificantChangeWithinToleranceButNotRuledOutIsInconclusive) {
  ChangeEstimate estimate{0.08, 0.02, k_infinite_df};  // +8 %, upper bound about +12 %
  EXPECT_EQ(decide(estimate, k_tolerance, p_worse(estimate), {}), Status::inconclusive);
}

TEST(ThreeWayTest, AdjustedPValueDecidesTheFail) {
  ChangeEstimate estimate{0.3, 0.1, k_infinite_df};
  EXPECT_EQ(decide(estimate, k_tolerance, 0.002, {}), Status::fail);
  EXPECT_EQ(decide(estimate, k_tolerance, 0.02, {}), Status::inconclusive);
}

TEST(ThreeWayTest, ExactEstimateDecidesByItsSign) {
  EXPECT_EQ(p_worse({0.5, 0, k_infinite_df}), 0);
  EXPECT_EQ(p_worse({-0.5, 0, k_infinite_df}), 1);
}

}  // namespace
}  // namespace perfgate::stats
