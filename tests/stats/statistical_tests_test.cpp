// SPDX-License-Identifier: MIT
// Reference values come from scipy 1.10.1 (Debian python3-scipy); the exact call is noted at
// each value. Holm/BH values are worked by hand from the definitions (R's p.adjust agrees).
#include <gtest/gtest.h>

#include <vector>

#include "perfgate/stats/binomial_test.h"
#include "perfgate/stats/multiple_testing.h"
#include "perfgate/stats/prediction_interval.h"
#include "perfgate/stats/window_test.h"

namespace perfgate::stats {
namespace {

const std::vector<double> k_history{100, 104, 98, 101, 103, 97, 102, 99, 105, 100};

TEST(PredictionIntervalTest, MatchesStudentTOnLogScale) {
  // numpy: lh = log(h); t = (log(110) - lh.mean()) / (lh.std(ddof=1) * sqrt(1 + 1/10))
  // scipy.stats.t.sf(t, 9)
  auto test = log_prediction_test(k_history, 110, Direction::higher_is_worse, 0);
  ASSERT_TRUE(test.has_value());
  EXPECT_NEAR(test->t, 3.207651860684175, 1e-9);
  EXPECT_NEAR(test->p_value, 0.005349572123150115, 1e-9);
  EXPECT_NEAR(test->center, 100.86986540189898, 1e-9);
  // exp(lh.mean() + scipy.stats.t.ppf(0.99, 9) * scale)
  EXPECT_NEAR(prediction_bound(*test, Direction::higher_is_worse, 0.99), 108.8583469070078, 1e-7);
}

TEST(PredictionIntervalTest, FarOutsideHasTinyPValue) {
  auto test = log_prediction_test(k_history, 125, Direction::higher_is_worse, 0);
  EXPECT_NEAR(test->p_value, 1.1754122582629104e-05, 1e-12);  // scipy.stats.t.sf(7.9398967, 9)
}

TEST(PredictionIntervalTest, LowerIsWorseForThroughput) {
  std::vector<double> rps{500, 510, 495, 505, 490};
  auto test = log_prediction_test(rps, 450, Direction::lower_is_worse, 0);
  EXPECT_NEAR(test->t, 6.076422527632436, 1e-9);
  EXPECT_NEAR(test->p_value, 0.0018531824199585752, 1e-10);  // scipy.stats.t.sf(t, 4)
  EXPECT_NEAR(prediction_bound(*test, Direction::lower_is_worse, 0.99), 468.5301977591737, 1e-7);
}

TEST(PredictionIntervalTest, NoiseFloorTamesAQuietHistory) {
  std::vector<double> flat{100, 100, 100, 100, 100};
  auto test = log_prediction_test(flat, 102, Direction::higher_is_worse, 0.01);
  EXPECT_GT(test->p_value, 0.01);
}

TEST(PredictionIntervalTest, NeedsThreeRuns) {
  std::vector<double> two{100, 101};
  EXPECT_FALSE(log_prediction_test(two, 120, Direction::higher_is_worse).has_value());
}

TEST(MannWhitneyTest, ExactForSmallSamplesWithoutTies) {
  std::vector<double> x{12.1, 14.3, 13.8, 15.2, 16.0, 12.9};
  std::vector<double> y{11.0, 12.5, 11.8, 13.1, 12.2, 11.5, 12.0};
  // scipy.stats.mannwhitneyu(x, y, alternative='greater', method='exact') -> U=38, p
  MannWhitney greater = mann_whitney_u(x, y, Alternative::greater);
  EXPECT_TRUE(greater.exact);
  EXPECT_DOUBLE_EQ(greater.u, 38);
  EXPECT_NEAR(greater.p_value, 0.006993006993006993, 1e-12);
  // same with alternative='less'
  EXPECT_NEAR(mann_whitney_u(x, y, Alternative::less).p_value, 0.995920745920746, 1e-12);
}

TEST(MannWhitneyTest, NormalApproximationWithTieCorrection) {
  std::vector<double> x{1, 2, 2, 3, 3, 3, 4, 5, 5, 6, 7, 8};
  std::vector<double> y{1, 1, 2, 2, 2, 3, 3, 4, 4, 5};
  // scipy.stats.mannwhitneyu(x, y, alternative='greater', method='asymptotic',
  //                          use_continuity=True) -> U=83, p
  MannWhitney result = mann_whitney_u(x, y, Alternative::greater);
  EXPECT_FALSE(result.exact);
  EXPECT_DOUBLE_EQ(result.u, 83);
  EXPECT_NEAR(result.p_value, 0.06604917910014481, 1e-10);
}

TEST(MannWhitneyTest, NormalApproximationForLargerSamples) {
  std::vector<double> x{10.6456, 11.1216, 10.6304, 8.9968,  11.2054, 10.7464, 9.763,   10.8811,
                        10.6646, 10.5941, 10.3284, 10.8467, 9.5635,  10.1371, 9.8179,  10.8988,
                        10.3397, 10.0075, 9.5181,  10.0428, 10.3081, 10.0244, 11.5941, 11.3067,
                        7.5888,  8.411,   10.1252, 9.8778,  10.5136, 10.5173};
  std::vector<double> y{12.1178, 8.888,   9.6224,  12.0428, 10.6467, 10.6631, 9.486,
                        8.3519,  10.1675, 10.109,  8.7726,  9.3168,  9.928,   9.0552,
                        9.9017,  10.0955, 10.0356, 9.4937,  10.5937, 10.8912, 10.3208,
                        9.1818,  10.7317, 9.4986,  10.8792};
  // scipy.stats.mannwhitneyu(x, y, alternative='greater', method='asymptotic') -> U=456, p
  MannWhitney result = mann_whitney_u(x, y, Alternative::greater);
  EXPECT_DOUBLE_EQ(result.u, 456);
  EXPECT_NEAR(result.p_value, 0.08680451811150192, 1e-10);
}

TEST(MannWhitneyTest, ExactMatchesEnumerationOfAllArrangements) {
  // x = {3, 4}, y = {1, 2, 5}: U = 4. All C(5,2) = 10 placements of x's ranks: U >= 4 for
  // rank pairs {3,5},{4,5},{3,4}... enumerated: U values 0,1,2,2,3,3,4,4,5,6 -> P(U>=4) = 4/10.
  std::vector<double> x{3, 4};
  std::vector<double> y{1, 2, 5};
  MannWhitney result = mann_whitney_u(x, y, Alternative::greater);
  EXPECT_DOUBLE_EQ(result.u, 4);
  EXPECT_DOUBLE_EQ(result.p_value, 0.4);
}

TEST(MannWhitneyTest, AllEqualIsNoEvidence) {
  std::vector<double> same(30, 5.0);
  EXPECT_DOUBLE_EQ(mann_whitney_u(same, same, Alternative::greater).p_value, 1);
}

TEST(FisherExactTest, MatchesScipy) {
  // scipy.stats.fisher_exact([[12, 988], [3, 997]], alternative='greater')[1]
  EXPECT_NEAR(fisher_exact_greater(12, 1000, 3, 1000), 0.017245712699026104, 1e-12);
  // scipy.stats.fisher_exact([[40, 99960], [25, 199975]], alternative='greater')[1]
  EXPECT_NEAR(fisher_exact_greater(40, 100000, 25, 200000), 3.0128905145212036e-06, 1e-12);
  // scipy.stats.fisher_exact([[0, 100], [5, 95]], alternative='greater')[1]
  EXPECT_DOUBLE_EQ(fisher_exact_greater(0, 100, 5, 100), 1.0);
}

TEST(FisherExactTest, AllBaselineRequestsFailedIsNoEvidence) {
  EXPECT_DOUBLE_EQ(fisher_exact_greater(5, 10, 10, 10), 1.0);
}

TEST(BinomialTest, MatchesScipy) {
  // scipy.stats.binomtest(9, 1000, 0.005, alternative='greater').pvalue
  EXPECT_NEAR(binomial_test_greater(9, 1000, 0.005), 0.0676029742054354, 1e-12);
  EXPECT_DOUBLE_EQ(binomial_test_greater(0, 1000, 0.005), 1.0);
}

TEST(MultipleTestingTest, HolmStepDown) {
  std::vector<double> p{0.01, 0.04, 0.03, 0.005};
  // sorted 0.005*4=0.02, 0.01*3=0.03, 0.03*2=0.06, 0.04*1 -> max(0.06, 0.04)=0.06
  std::vector<double> expected{0.03, 0.06, 0.06, 0.02};
  std::vector<double> adjusted = holm_adjust(p);
  for (size_t i = 0; i < p.size(); ++i) EXPECT_NEAR(adjusted[i], expected[i], 1e-15) << i;
}

TEST(MultipleTestingTest, BenjaminiHochbergStepUp) {
  std::vector<double> p{0.01, 0.04, 0.03, 0.005};
  // ranks 1..4: 0.005*4/1=0.02, 0.01*4/2=0.02, 0.03*4/3=0.04, 0.04*4/4=0.04
  std::vector<double> expected{0.02, 0.04, 0.04, 0.02};
  std::vector<double> adjusted = benjamini_hochberg_adjust(p);
  for (size_t i = 0; i < p.size(); ++i) EXPECT_NEAR(adjusted[i], expected[i], 1e-15) << i;
}

TEST(MultipleTestingTest, AdjustedValuesAreCappedAtOne) {
  std::vector<double> p{0.5, 0.6, 0.9};
  for (double value : holm_adjust(p)) EXPECT_LE(value, 1.0);
  EXPECT_EQ(adjust_p_values(p, MultipleTesting::none), p);
}

}  // namespace
}  // namespace perfgate::stats
