// SPDX-License-Identifier: MIT
#include "perfgate/stats/window_blocks.h"

#include <cmath>

namespace perfgate::stats {

std::vector<metrics::CompactHistogram> latency_blocks(
    const std::vector<metrics::EndpointWindow>& windows, size_t usable, int64_t min_requests) {
  std::vector<metrics::CompactHistogram> blocks;
  metrics::CompactHistogram pending;
  for (size_t i = 0; i < usable && i < windows.size(); ++i) {
    pending.merge(windows[i].latency);
    if (pending.total_count() >= min_requests) {
      blocks.push_back(std::move(pending));
      pending = {};
    }
  }
  if (!pending.empty() && !blocks.empty()) blocks.back().merge(pending);
  return blocks;
}

std::vector<double> block_percentiles_ms(const std::vector<metrics::CompactHistogram>& blocks,
                                         double percentile) {
  std::vector<double> values;
  values.reserve(blocks.size());
  for (const metrics::CompactHistogram& block : blocks) {
    values.push_back(static_cast<double>(block.expand().value_at_percentile(percentile)) / 1000.0);
  }
  return values;
}

std::vector<double> window_rates(const std::vector<metrics::EndpointWindow>& windows, size_t usable,
                                 double window_seconds) {
  std::vector<double> rates;
  if (window_seconds <= 0) return rates;
  for (size_t i = 0; i < usable && i < windows.size(); ++i) {
    rates.push_back(static_cast<double>(windows[i].requests) / window_seconds);
  }
  return rates;
}

int64_t requests_per_block(double percentile, int tail_samples) {
  double tail = 1 - percentile / 100;
  if (tail <= 0) return INT64_MAX;
  return static_cast<int64_t>(std::ceil(tail_samples / tail - 1e-9));
}

}  // namespace perfgate::stats
