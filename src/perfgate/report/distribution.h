// SPDX-License-Identifier: MIT
// The latency distribution as a percentile curve (HdrHistogram's percentile plot): latency at
// percentiles spaced evenly on a log scale of 1 / (1 - p), from p0 to p99.999.
#pragma once

#include <vector>

#include "perfgate/metrics/histogram.h"

namespace perfgate::report {

struct PercentilePoint {
  double percentile = 0;  // [0, 100]
  double latency_ms = 0;
};

// Ten points per decade of 1 / (1 - p) up to p99.999, plus the maximum (p100), ascending;
// points beyond what the sample count can resolve are left out. Empty for an empty histogram.
std::vector<PercentilePoint> percentile_curve(const metrics::Histogram& latency_us);

}  // namespace perfgate::report
