// SPDX-License-Identifier: MIT
// Reference values: scipy 1.10 (Debian 12's python3-scipy) — trigamma inverse by
// brentq(lambda x: polygamma(1, x) - y, 1e-6, 1e6); the prior by Smyth's (2004) method of
// moments as limma's fitFDist computes it, written out with scipy.special.digamma/polygamma.
#include "perfgate/stats/noise_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <vector>

namespace perfgate::stats {
namespace {

TEST(NoiseModelTest, TrigammaInverseMatchesScipy) {
  EXPECT_NEAR(trigamma_inverse(0.5), 2.459952948352203, 1e-7);
  EXPECT_NEAR(trigamma_inverse(2.0), 0.8766640774642601, 1e-7);
  EXPECT_NEAR(trigamma_inverse(10.0), 0.3350810443780387, 1e-7);
}

TEST(NoiseModelTest, DispersedVariancesGiveAFinitePriorAsLimma) {
  std::vector<VarianceFeature> features;
  for (double s2 : {0.001, 0.05, 0.0004, 0.02, 0.3}) features.push_back({s2, 2});
  VariancePrior prior = fit_variance_prior(features, 1e-9);
  EXPECT_NEAR(prior.df, 0.8989044204108165, 1e-6);
  EXPECT_NEAR(prior.variance, 0.004389467072008688, 1e-8);
}

TEST(NoiseModelTest, AgreeingVariancesCapThePriorAtTheFeaturesTotalDf) {
  std::vector<VarianceFeature> features;
  for (double s2 : {0.010, 0.004, 0.020, 0.008, 0.015}) features.push_back({s2, 2});
  VariancePrior prior = fit_variance_prior(features, 1e-9);
  // Uncapped, limma would say d0 = infinity: five 2-df variances cannot know s0² that well.
  EXPECT_DOUBLE_EQ(prior.df, 10);
  EXPECT_NEAR(prior.variance, 0.015931784117602373, 1e-9);
}

TEST(NoiseModelTest, ModeratedVarianceShrinksTowardsThePrior) {
  VariancePrior prior{4, 0.01};
  EXPECT_DOUBLE_EQ(moderated_variance(prior, {0.05, 1}), (4 * 0.01 + 0.05) / 5);
  EXPECT_DOUBLE_EQ(moderated_variance(VariancePrior{}, {0.05, 1}), 0.05);
}

TEST(NoiseModelTest, APriorScaleFitsEachVarianceAsIfDividedByIt) {
  // The agreeing variances above, two of them stated 100× and 400× larger with those scales
  // (endpoints whose log-scale noise is expected that much larger): the same prior.
  std::vector<VarianceFeature> features{
      {0.010 * 100, 2, 100}, {0.004, 2, 1}, {0.020 * 400, 2, 400}, {0.008, 2, 1}, {0.015, 2, 1}};
  VariancePrior prior = fit_variance_prior(features, 1e-9);
  EXPECT_DOUBLE_EQ(prior.df, 10);
  EXPECT_NEAR(prior.variance, 0.015931784117602373, 1e-9);
  // ... and each feature is moderated towards the prior at its own scale.
  EXPECT_DOUBLE_EQ(moderated_variance(VariancePrior{4, 0.01}, {4.0, 1, 400}),
                   (4 * 0.01 * 400 + 4.0) / 5);
}

TEST(NoiseModelTest, OneFeatureHasNoPrior) {
  std::vector<VarianceFeature> features{{0.01, 3}};
  EXPECT_EQ(fit_variance_prior(features, 1e-9).df, 0);
}

TEST(NoiseModelTest, ZeroVariancesAreRaisedToTheFloor) {
  std::vector<VarianceFeature> features{{0, 1}, {0, 1}, {0, 1}};
  VariancePrior prior = fit_variance_prior(features, 1e-4);
  EXPECT_GT(prior.variance, 0);
  EXPECT_TRUE(std::isfinite(prior.variance));
}

TEST(NoiseModelTest, StalledBlockIsSetAsideByTheRobustSpread) {
  // Block p50s of 10.7 ms and one stalled second at 59.6 ms (issue #9's baseline).
  std::vector<double> blocks{10.7, 10.6, 10.8, 10.7, 59.6, 10.65};
  BlockSpread spread = robust_log_spread(blocks);
  EXPECT_EQ(spread.outliers, 1);
  EXPECT_EQ(spread.blocks, 5);
  EXPECT_LT(spread.se, 0.005);
}

TEST(NoiseModelTest, OneSidedSpreadSetsAsideOnlyTheStallsSide) {
  // quiet-5s-09's block p50s of `slow`: three seconds at 15.6–15.7 ms, two quicker ones. Both
  // sides: the quicker two are "outliers" (MAD 0) and the run looks steady; above only: they
  // stay, and the spread shows the run's level moving.
  std::vector<double> wandering{15.743, 13.567, 11.583, 15.743, 15.551};
  EXPECT_EQ(robust_log_spread(wandering).outliers, 2);
  BlockSpread above = robust_log_spread(wandering, OutlierSide::above);
  EXPECT_EQ(above.outliers, 0);
  EXPECT_GT(above.log_sd, 0.12);
  // A stall is still set aside above, and a stalled throughput block below, and not otherwise.
  std::vector<double> stalled{10.7, 10.6, 10.8, 10.7, 59.6, 10.65};
  EXPECT_EQ(robust_log_spread(stalled, OutlierSide::above).outliers, 1);
  EXPECT_EQ(robust_log_spread(stalled, OutlierSide::below).outliers, 0);
  std::vector<double> rates{1200, 1190, 1210, 300, 1205};
  EXPECT_EQ(robust_log_spread(rates, OutlierSide::below).outliers, 1);
  EXPECT_EQ(robust_log_spread(rates, OutlierSide::above).outliers, 0);
}

TEST(NoiseModelTest, SpreadOfOrdinaryBlocksIsTheirStandardDeviation) {
  std::vector<double> blocks{std::exp(0.0), std::exp(0.02), std::exp(-0.02), std::exp(0.01)};
  BlockSpread spread = robust_log_spread(blocks);
  EXPECT_EQ(spread.outliers, 0);
  double mean = 0.0025;
  double ss = (0 - mean) * (0 - mean) + (0.02 - mean) * (0.02 - mean) +
              (-0.02 - mean) * (-0.02 - mean) + (0.01 - mean) * (0.01 - mean);
  EXPECT_NEAR(spread.log_sd, std::sqrt(ss / 3), 1e-12);
  EXPECT_NEAR(spread.se, spread.log_sd / 2, 1e-12);
  EXPECT_EQ(spread.df, 3);
}

TEST(NoiseModelTest, QuickestQuarterIsTheLowerQuartileWithItsOrderStatisticsInterval) {
  // Twelve blocks, half of them slowed by a busy machine. Ranks (1-based): kq = 3 and
  // kq ± √(kq(1 − q)) = 3 ± 1.5, rounded to 2 and 5 (written out by hand).
  std::vector<double> blocks{20, 10.7, 25, 10.5, 22, 10.6, 24, 10.8, 21, 10.9, 23, 11.0};
  std::optional<BlockQuartile> quartile = lower_quartile_of_blocks(blocks);
  ASSERT_TRUE(quartile);
  EXPECT_EQ(quartile->blocks, 12);
  EXPECT_NEAR(quartile->log_value, std::log(10.7), 1e-12);
  EXPECT_NEAR(quartile->se, (std::log(10.9) - std::log(10.6)) / 2, 1e-12);
}

TEST(NoiseModelTest, QuickestQuarterNeedsEightBlocks) {
  std::vector<double> seven{10, 11, 12, 13, 14, 15, 16};
  EXPECT_FALSE(lower_quartile_of_blocks(seven));
  std::vector<double> eight{10, 11, 12, 13, 14, 15, 16, 0};  // a non-positive block is no block
  EXPECT_FALSE(lower_quartile_of_blocks(eight));
}

TEST(NoiseModelTest, TooFewBlocksGiveNoSpread) {
  std::vector<double> one{1.0};
  EXPECT_EQ(robust_log_spread(one).blocks, 0);
}

}  // namespace
}  // namespace perfgate::stats
