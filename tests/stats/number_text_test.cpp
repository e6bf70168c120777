// SPDX-License-Identifier: MIT
#include "perfgate/stats/number_text.h"

#include <gtest/gtest.h>

namespace perfgate::stats {
namespace {

TEST(NumberTextTest, FourSignificantDigitsAndNoExponentForLargeValues) {
  EXPECT_EQ(four_digits(71796.4), "71796");  // a throughput: not "7.18e+04"
  EXPECT_EQ(four_digits(1945.26), "1945");
  EXPECT_EQ(four_digits(10.3712), "10.37");
  EXPECT_EQ(four_digits(0.41234), "0.4123");
}

}  // namespace
}  // namespace perfgate::stats
