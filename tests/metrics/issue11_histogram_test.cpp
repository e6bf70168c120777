// SPDX-License-Identifier: MIT
// Issue 11: hostile counts never overflow (no undefined behaviour), and the compact form's
// summaries equal those of the expanded histogram.
#include <gtest/gtest.h>

#include "perfgate/metrics/endpoint_metrics.h"
#include "perfgate/metrics/histogram.h"
#include "perfgate/metrics/histogram_codec.h"

namespace perfgate::metrics {
namespace {

TEST(Issue11HistogramTest, RecordRefusesATotalThatWouldOverflow) {
  Histogram h;
  ASSERT_TRUE(h.record(1000, INT64_MAX));
  EXPECT_FALSE(h.record(1000, 1));
  EXPECT_EQ(h.total_count(), INT64_MAX);
}

TEST(Issue11HistogramTest, MergeOfTwoInt64MaxCountsDropsInsteadOfWrapping) {
  Histogram a;
  ASSERT_TRUE(a.record(1000, INT64_MAX));
  Histogram b = a;
  EXPECT_EQ(a.merge(b), INT64_MAX);
  EXPECT_EQ(a.total_count(), INT64_MAX);
  EXPECT_GT(a.value_at_percentile(50), 0);
}

TEST(Issue11HistogramTest, EndpointMergeSaturatesCounters) {
  EndpointMetrics a;
  a.requests = INT64_MAX;
  EndpointMetrics b;
  b.requests = INT64_MAX;
  a.merge(b);
  EXPECT_EQ(a.requests, INT64_MAX);  // was -2
}

TEST(Issue11HistogramTest, AnIdleHistogramAllocatesNoCounts) {
  Histogram h;
  EXPECT_EQ(h.counts_length(), 3328);
  EXPECT_EQ(h.count_at_index(100), 0);
  EXPECT_EQ(h.value_at_percentile(99), 0);
  Histogram other;
  EXPECT_EQ(h.merge(other), 0);
  EXPECT_TRUE(h.empty());
}

TEST(Issue11HistogramTest, CompactSummariesEqualTheExpandedOnes) {
  Histogram full;
  for (int64_t v = 1; v < 2'000'000; v = v * 3 / 2 + 1) full.record(v, v % 7 + 1);
  CompactHistogram compact = CompactHistogram::from(full);
  Histogram expanded = compact.expand();
  static constexpr double k_percentiles[] = {0, 50, 90, 95, 99, 99.9, 100};
  EXPECT_EQ(compact.values_at_percentiles(k_percentiles),
            expanded.values_at_percentiles(k_percentiles));
  EXPECT_DOUBLE_EQ(compact.mean(), expanded.mean());
  EXPECT_EQ(compact.max(), expanded.max());
}

}  // namespace
}  // namespace perfgate::metrics
