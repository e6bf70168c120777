// SPDX-License-Identifier: MIT
#include "perfgate/report/distribution.h"

#include <cmath>

namespace perfgate::report {

std::vector<PercentilePoint> percentile_curve(const metrics::Histogram& latency_us) {
  std::vector<PercentilePoint> curve;
  if (latency_us.empty()) return curve;
  std::vector<double> percentiles;
  auto samples = static_cast<double>(latency_us.total_count());
  constexpr int k_steps = 50;  // 5 decades × 10: up to 1 - 10^-5 = p99.999
  for (int step = 0; step <= k_steps; ++step) {
    double tail = std::pow(10.0, -static_cast<double>(step) / 10.0);
    // A tail fraction below one sample is only the maximum again.
    if (tail * samples < 1.0) break;
    percentiles.push_back(100.0 * (1.0 - tail));
  }
  percentiles.push_back(100.0);
  std::vector<int64_t> values = latency_us.values_at_percentiles(percentiles);
  for (size_t i = 0; i < percentiles.size(); ++i) {
    curve.push_back({percentiles[i], static_cast<double>(values[i]) / 1000.0});
  }
  return curve;
}

}  // namespace perfgate::report
