// SPDX-License-Identifier: MIT
#include "perfgate/report/number_format.h"

#include <gtest/gtest.h>

namespace perfgate::report {
namespace {

TEST(FormatMsTest, PrecisionFollowsMagnitude) {
  EXPECT_EQ(format_ms(0.4213), "0.42");
  EXPECT_EQ(format_ms(41.25), "41.2");
  EXPECT_EQ(format_ms(412.4), "412");
  EXPECT_EQ(format_ms(12345.6), "12,346");
}

TEST(FormatChangeTest, SignedPercentWithOneDecimalBelowTen) {
  EXPECT_EQ(format_change(0.38), "+38%");
  EXPECT_EQ(format_change(-0.042), "-4.2%");
  EXPECT_EQ(format_change(0.0), "+0.0%");
  EXPECT_EQ(format_change(12.5), "+1,250%");
  EXPECT_EQ(format_change(1.23), "+123%");
}

TEST(FormatRatioTest, PercentWithPrecisionForSmallRates) {
  EXPECT_EQ(format_ratio(0.0012), "0.12%");
  EXPECT_EQ(format_ratio(0.25), "25%");
  EXPECT_EQ(format_ratio(0), "0%");
}

TEST(FormatPValueTest, SmallValuesAreBounded) {
  EXPECT_EQ(format_p_value(0.002), "p = 0.002");
  EXPECT_EQ(format_p_value(0.0001), "p < 0.001");
  EXPECT_EQ(format_p_value(0.31), "p = 0.31");
}

TEST(FormatPValueTest, TheTableColumnKeepsTheBound) {
  EXPECT_EQ(format_p_column(5.7e-9), "<0.001");
  EXPECT_EQ(format_p_column(0), "<0.001");
  EXPECT_EQ(format_p_column(0.002), "0.002");
  EXPECT_EQ(format_p_column(0.31), "0.31");
}

TEST(FormatPointsTest, PercentagePointsWithoutExponents) {
  EXPECT_EQ(format_points(1.0), "+100 pp");  // 0 % -> 100 % errors: not "+1e+02 pp"
  EXPECT_EQ(format_points(0.015), "+1.5 pp");
  EXPECT_EQ(format_points(-0.0012), "-0.12 pp");
  EXPECT_EQ(format_points(0.25), "+25 pp");
}

TEST(FormatValueTest, AppendsUnits) {
  EXPECT_EQ(format_value(569, Unit::ms), "569 ms");
  EXPECT_EQ(format_value(523.4, Unit::per_second), "523 req/s");
  EXPECT_EQ(format_value(1234567, Unit::count), "1,234,567");
}

}  // namespace
}  // namespace perfgate::report
