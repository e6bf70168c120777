// SPDX-License-Identifier: MIT
// Rebuilding a latency histogram from the few figures an end-of-test summary keeps (k6 summary,
// Artillery report), so that imported summaries flow through the same gate as full histograms.
#pragma once

#include <cstdint>
#include <vector>

#include "perfgate/metrics/histogram.h"

namespace perfgate::importers {

// One known point of a distribution: `percentile` in [0, 100] (0 = min, 100 = max).
struct PercentilePoint {
  double percentile = 0;
  double value_ms = 0;
};

// A histogram of `count` samples (µs) whose value at each given percentile is the given value,
// to the histogram's precision; between two points samples are spread linearly. Points may be
// in any order; values are made non-decreasing; negative or non-finite values are dropped.
// Empty when count <= 0 or no point is usable.
metrics::Histogram histogram_from_percentiles(int64_t count, std::vector<PercentilePoint> points);

}  // namespace perfgate::importers
