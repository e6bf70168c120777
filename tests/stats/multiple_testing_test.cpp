// SPDX-License-Identifier: MIT
// Holm/BH values are worked by hand from the definitions (R's p.adjust agrees).
#include "perfgate/stats/multiple_testing.h"

#include <gtest/gtest.h>

#include <vector>

namespace perfgate::stats {
namespace {

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
