// SPDX-License-Identifier: MIT
#include "perfgate/importers/percentile_histogram.h"

#include <gtest/gtest.h>

#include <cmath>

namespace perfgate::importers {
namespace {

std::vector<PercentilePoint> k6_like() {
  return {{0, 0.029}, {50, 0.335}, {90, 0.574}, {95, 0.629}, {99, 0.814}, {100, 0.870}};
}

TEST(PercentileHistogramTest, HoldsTheGivenCount) {
  EXPECT_EQ(histogram_from_percentiles(122, k6_like()).total_count(), 122);
  EXPECT_EQ(histogram_from_percentiles(5'000'000'000, k6_like()).total_count(), 5'000'000'000);
}

TEST(PercentileHistogramTest, ReproducesEachPercentileToHistogramPrecision) {
  for (int64_t count : {122, 1000, 1'000'000}) {
    metrics::Histogram h = histogram_from_percentiles(count, k6_like());
    for (const PercentilePoint& p : k6_like()) {
      double got_ms = static_cast<double>(h.value_at_percentile(p.percentile)) / 1000.0;
      EXPECT_NEAR(got_ms, p.value_ms, p.value_ms * 0.01 + 0.001) << count << " p" << p.percentile;
    }
  }
}

TEST(PercentileHistogramTest, MinAndMaxAreTheGivenOnes) {
  metrics::Histogram h = histogram_from_percentiles(1000, k6_like());
  EXPECT_NEAR(static_cast<double>(h.min()) / 1000, 0.029, 0.001);
  EXPECT_NEAR(static_cast<double>(h.max()) / 1000, 0.870, 0.009);
}

TEST(PercentileHistogramTest, NonMonotonicInputIsMadeMonotonic) {
  metrics::Histogram h = histogram_from_percentiles(100, {{50, 10}, {95, 5}, {100, 20}});
  EXPECT_GE(h.value_at_percentile(95), h.value_at_percentile(50));
}

TEST(PercentileHistogramTest, NothingUsableGivesAnEmptyHistogram) {
  EXPECT_TRUE(histogram_from_percentiles(0, k6_like()).empty());
  EXPECT_TRUE(histogram_from_percentiles(10, {{50, -1}, {101, 3}, {90, NAN}}).empty());
}

}  // namespace
}  // namespace perfgate::importers
