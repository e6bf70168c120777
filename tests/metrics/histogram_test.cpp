// SPDX-License-Identifier: MIT
#include "perfgate/metrics/histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace perfgate::metrics {
namespace {

// s = 3, L = 1: the configuration of the worked values in docs/reference/hdrhistogram.md.
constexpr HistogramConfig k_three_figures{1, 3'600'000'000, 3};

TEST(HistogramTest, CountsLengthMatchesHdrHistogram) {
  // hdr_histogram_test.c pins hdr_init(1, 3600000000, 3) -> counts_len 23552.
  EXPECT_EQ(Histogram(k_three_figures).counts_length(), 23552);
  EXPECT_EQ(Histogram(HistogramConfig{1000, 60'000'000'000, 3}).counts_length(), 18432);
  EXPECT_EQ(Histogram(HistogramConfig{1, 3'600'000'000, 2}).counts_length(), 3328);
}

TEST(HistogramTest, IndexMathMatchesWorkedValues) {
  Histogram h(k_three_figures);
  struct Row {
    int64_t value;
    int32_t index;
    int64_t lowest;
  };
  for (Row row :
       {Row{100, 100, 100}, Row{2047, 2047, 2047}, Row{2048, 2048, 2048}, Row{2049, 2048, 2048},
        Row{4095, 3071, 4094}, Row{5000, 3298, 5000}, Row{5003, 3298, 5000},
        Row{1'000'000, 11169, 999'936}, Row{3'600'000'000, 23220, 3'598'712'832}}) {
    EXPECT_EQ(h.index_for(row.value), row.index) << row.value;
    EXPECT_EQ(h.lowest_equivalent(row.value), row.lowest) << row.value;
    EXPECT_EQ(h.value_at_index(row.index), row.lowest) << row.value;
  }
}

TEST(HistogramTest, RejectsValuesOutOfRange) {
  Histogram h;
  EXPECT_FALSE(h.record(-1));
  EXPECT_FALSE(h.record(k_latency_config.highest_trackable + 1));
  EXPECT_TRUE(h.record(k_latency_config.highest_trackable));
  EXPECT_EQ(h.total_count(), 1);
}

TEST(HistogramTest, PercentilesStayWithinRelativeErrorOfExactQuantiles) {
  std::mt19937_64 rng(42);
  std::lognormal_distribution<double> latency_us(std::log(10'000.0), 0.6);
  std::vector<int64_t> values;
  Histogram h;
  for (int i = 0; i < 100'000; ++i) {
    auto v = static_cast<int64_t>(latency_us(rng)) + 1;
    values.push_back(v);
    ASSERT_TRUE(h.record(v));
  }
  std::sort(values.begin(), values.end());
  for (double p : {1.0, 25.0, 50.0, 90.0, 95.0, 99.0, 99.9}) {
    // The exact quantile by HdrHistogram's definition: the value at rank round(p% * n).
    auto rank = static_cast<size_t>(std::max(1.0, std::floor(p / 100 * values.size() + 0.5)));
    double exact = static_cast<double>(values[rank - 1]);
    double reported = static_cast<double>(h.value_at_percentile(p));
    EXPECT_LE(std::abs(reported - exact) / exact, 1.0 / 128) << "p" << p;
  }
  EXPECT_EQ(h.max(), h.highest_equivalent(values.back()));
  EXPECT_EQ(h.min(), h.lowest_equivalent(values.front()));
}

TEST(HistogramTest, MeanAndStddevUseMedianEquivalents) {
  Histogram h;
  h.record(1000, 3);
  h.record(3000, 1);
  EXPECT_NEAR(h.mean(), (3 * h.median_equivalent(1000) + h.median_equivalent(3000)) / 4.0, 1e-9);
  EXPECT_GT(h.stddev(), 800);
  EXPECT_LT(h.stddev(), 900);
}

TEST(HistogramTest, MergeIsExactElementwiseAddition) {
  Histogram a, b, both;
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int64_t> value(1, 5'000'000);
  for (int i = 0; i < 10'000; ++i) {
    int64_t v = value(rng);
    (i % 3 == 0 ? a : b).record(v);
    both.record(v);
  }
  EXPECT_EQ(a.merge(b), 0);
  ASSERT_EQ(a.total_count(), both.total_count());
  for (int32_t i = 0; i < a.counts_length(); ++i)
    ASSERT_EQ(a.count_at_index(i), both.count_at_index(i));
  EXPECT_EQ(a.max(), both.max());
  EXPECT_EQ(a.min(), both.min());
}

TEST(HistogramTest, MergeAcrossConfigurationsCountsWhatDoesNotFit) {
  Histogram wide(HistogramConfig{1, 3'600'000'000, 3});
  wide.record(100);
  wide.record(2'000'000'000);
  Histogram narrow(HistogramConfig{1, 1'000'000, 2});
  EXPECT_EQ(narrow.merge(wide), 1);
  EXPECT_EQ(narrow.total_count(), 1);
}

TEST(HistogramTest, EmptyHistogramReportsZeros) {
  Histogram h;
  EXPECT_EQ(h.value_at_percentile(99), 0);
  EXPECT_EQ(h.min(), 0);
  EXPECT_EQ(h.max(), 0);
  EXPECT_EQ(h.mean(), 0);
}

TEST(HistogramTest, FractionAtOrBelowCountsWholeSlots) {
  Histogram h;
  for (int64_t v = 1; v <= 100; ++v) h.record(v * 100);
  EXPECT_DOUBLE_EQ(h.fraction_at_or_below(5000), 0.5);
  EXPECT_DOUBLE_EQ(h.fraction_at_or_below(0), 0.0);
  EXPECT_DOUBLE_EQ(h.fraction_at_or_below(1'000'000'000'000), 1.0);
}

TEST(CompactHistogramTest, RoundTripsAndMergesLikeTheFullHistogram) {
  Histogram a, b;
  for (int64_t v = 1; v < 50'000; v += 7) a.record(v);
  for (int64_t v = 3; v < 90'000; v += 11) b.record(v, 2);
  CompactHistogram ca = CompactHistogram::from(a);
  ca.merge(CompactHistogram::from(b));
  Histogram expanded = ca.expand();
  a.merge(b);
  EXPECT_EQ(ca.total_count(), a.total_count());
  for (int32_t i = 0; i < a.counts_length(); ++i)
    ASSERT_EQ(expanded.count_at_index(i), a.count_at_index(i));
  EXPECT_EQ(expanded.value_at_percentile(99), a.value_at_percentile(99));
}

}  // namespace
}  // namespace perfgate::metrics
