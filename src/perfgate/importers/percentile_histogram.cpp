// SPDX-License-Identifier: MIT
#include "perfgate/importers/percentile_histogram.h"

#include <algorithm>
#include <cmath>

namespace perfgate::importers {
namespace {

// Samples per segment between two known points: enough for a smooth spread, few enough that a
// summary of a billion requests costs microseconds.
constexpr int64_t k_steps_per_segment = 64;

int64_t to_us(double ms) {
  double us = std::round(ms * 1000.0);
  return us > static_cast<double>(metrics::k_latency_config.highest_trackable)
             ? metrics::k_latency_config.highest_trackable
             : static_cast<int64_t>(us);
}

// The rank (1-based, as HdrHistogram counts) at which `percentile` is read.
int64_t rank_of(double percentile, int64_t count) {
  auto rank = static_cast<int64_t>(std::ceil(percentile / 100.0 * static_cast<double>(count)));
  return std::clamp<int64_t>(rank, 1, count);
}

}  // namespace

metrics::Histogram histogram_from_percentiles(int64_t count, std::vector<PercentilePoint> points) {
  metrics::Histogram histogram;
  std::erase_if(points, [](const PercentilePoint& p) {
    return !std::isfinite(p.value_ms) || p.value_ms < 0 || !(p.percentile >= 0) ||
           p.percentile > 100;
  });
  if (count <= 0 || points.empty()) return histogram;
  std::sort(points.begin(), points.end(),
            [](const auto& a, const auto& b) { return a.percentile < b.percentile; });
  for (size_t i = 1; i < points.size(); ++i)
    points[i].value_ms = std::max(points[i].value_ms, points[i - 1].value_ms);

  // The lowest point holds every sample up to its rank; each later point the samples between
  // the previous rank and its own, spread linearly up to its value, so that the sample at its
  // rank has exactly its value.
  // The max, when given, is the last sample even where a high percentile's rank reaches the
  // count (p99.9 of 70 samples).
  int64_t last_rank = points.back().percentile >= 100 && count > 1 ? count - 1 : count;
  int64_t done = std::min(rank_of(points.front().percentile, count), last_rank);
  histogram.record(to_us(points.front().value_ms), done);
  for (size_t i = 1; i < points.size() && done < count; ++i) {
    int64_t rank = points[i].percentile >= 100
                       ? count
                       : std::min(rank_of(points[i].percentile, count), last_rank);
    int64_t samples = rank - done;
    if (samples <= 0) continue;
    int64_t steps = std::min(samples, k_steps_per_segment);
    double from = points[i - 1].value_ms;
    double to = points[i].value_ms;
    for (int64_t step = 1; step <= steps; ++step) {
      int64_t share = samples / steps + (step <= samples % steps ? 1 : 0);
      double value = from + (to - from) * static_cast<double>(step) / static_cast<double>(steps);
      histogram.record(to_us(value), share);
    }
    done = rank;
  }
  if (done < count) histogram.record(to_us(points.back().value_ms), count - done);
  return histogram;
}

}  // namespace perfgate::importers
