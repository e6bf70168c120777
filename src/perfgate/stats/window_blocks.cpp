// SPDX-License-Identifier: MIT
#include "perfgate/stats/window_blocks.h"

#include <algorithm>
#include <cmath>

namespace perfgate::stats {
namespace {

// Windows per group so that `usable` windows make at most about `max_blocks` groups.
size_t windows_per_group(size_t usable, int max_blocks) {
  auto blocks = static_cast<size_t>(std::max(max_blocks, 1));
  return std::max<size_t>(1, (usable + blocks - 1) / blocks);
}

}  // namespace

std::vector<metrics::CompactHistogram> latency_blocks(
    const std::vector<metrics::EndpointWindow>& windows, size_t usable, int64_t min_requests,
    int max_blocks) {
  usable = std::min(usable, windows.size());
  int64_t total = 0;
  for (size_t i = 0; i < usable; ++i) total += windows[i].requests;
  int64_t per_block = std::max<int64_t>(
      min_requests, static_cast<int64_t>(std::ceil(static_cast<double>(total) /
                                                   static_cast<double>(std::max(max_blocks, 1)))));
  std::vector<metrics::CompactHistogram> blocks;
  metrics::CompactHistogram pending;
  for (size_t i = 0; i < usable; ++i) {
    pending.merge(windows[i].latency);
    if (pending.total_count() >= per_block) {
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

std::vector<double> latency_block_percentiles_ms(
    const std::vector<metrics::EndpointWindow>& windows, size_t usable, double percentile,
    int tail_samples, int max_blocks) {
  int64_t per_block = requests_per_block(percentile, tail_samples);
  return block_percentiles_ms(latency_blocks(windows, usable, per_block, max_blocks), percentile);
}

std::vector<double> block_rates(const std::vector<metrics::EndpointWindow>& windows, size_t usable,
                                double window_seconds, int max_blocks) {
  std::vector<double> rates;
  usable = std::min(usable, windows.size());
  if (window_seconds <= 0 || usable == 0) return rates;
  size_t group = windows_per_group(usable, max_blocks);
  for (size_t first = 0; first + group <= usable; first += group) {
    int64_t requests = 0;
    for (size_t i = first; i < first + group; ++i) requests += windows[i].requests;
    rates.push_back(static_cast<double>(requests) / (window_seconds * static_cast<double>(group)));
  }
  return rates;
}

std::vector<CountBlock> count_blocks(const std::vector<metrics::EndpointWindow>& windows,
                                     size_t usable, int max_blocks) {
  std::vector<CountBlock> blocks;
  usable = std::min(usable, windows.size());
  if (usable == 0) return blocks;
  size_t group = windows_per_group(usable, max_blocks);
  for (size_t first = 0; first < usable; first += group) {
    CountBlock block;
    for (size_t i = first; i < std::min(first + group, usable); ++i) {
      block.errors += windows[i].errors;
      block.requests += windows[i].requests;
    }
    blocks.push_back(block);
  }
  return blocks;
}

int64_t requests_per_block(double percentile, int tail_samples) {
  double tail = 1 - percentile / 100;
  if (tail <= 0) return INT64_MAX;
  return static_cast<int64_t>(std::ceil(tail_samples / tail - 1e-9));
}

}  // namespace perfgate::stats
