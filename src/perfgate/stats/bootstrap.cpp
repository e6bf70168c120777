// SPDX-License-Identifier: MIT
#include "perfgate/stats/bootstrap.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace perfgate::stats {
namespace {

// Dense counts over the slot range the blocks touch: merging many compact histograms per
// resample stays cheap (no full 3,328-slot histogram per resample).
class Resampler {
 public:
  explicit Resampler(const std::vector<metrics::CompactHistogram>& blocks) : m_blocks(blocks) {
    for (const auto& block : blocks) {
      for (const auto& slot : block.slots()) {
        m_low = std::min(m_low, slot.index);
        m_high = std::max(m_high, slot.index);
      }
    }
    m_counts.assign(static_cast<size_t>(std::max(0, m_high - m_low + 1)), 0);
  }

  // The percentile of one resample, as a slot's highest equivalent value (as Histogram does).
  double resample(std::mt19937_64& rng, double percentile) {
    std::fill(m_counts.begin(), m_counts.end(), 0);
    int64_t total = 0;
    for (size_t i = 0; i < m_blocks.size(); ++i) {
      // Modulo keeps the sequence identical on every standard library (uniform_int_distribution
      // is implementation-defined); the bias is below 1e-15 for these sizes.
      const auto& block = m_blocks[static_cast<size_t>(rng() % m_blocks.size())];
      for (const auto& slot : block.slots()) {
        m_counts[static_cast<size_t>(slot.index - m_low)] += slot.count;
      }
      total += block.total_count();
    }
    auto wanted = static_cast<int64_t>(std::ceil(percentile / 100 * static_cast<double>(total)));
    wanted = std::max<int64_t>(wanted, 1);
    int64_t running = 0;
    for (size_t i = 0; i < m_counts.size(); ++i) {
      running += m_counts[i];
      if (running >= wanted) {
        int64_t value = m_histogram.value_at_index(m_low + static_cast<int32_t>(i));
        return static_cast<double>(m_histogram.highest_equivalent(value));
      }
    }
    return 0;
  }

 private:
  const std::vector<metrics::CompactHistogram>& m_blocks;
  metrics::Histogram m_histogram;  // for the index -> value mapping only
  int32_t m_low = INT32_MAX;
  int32_t m_high = -1;
  std::vector<int64_t> m_counts;
};

double quantile_of_sorted(const std::vector<double>& sorted, double q) {
  double position = q * static_cast<double>(sorted.size() - 1);
  auto below = static_cast<size_t>(std::floor(position));
  size_t above = std::min(below + 1, sorted.size() - 1);
  double fraction = position - static_cast<double>(below);
  return sorted[below] + (sorted[above] - sorted[below]) * fraction;
}

}  // namespace

std::optional<RatioInterval> bootstrap_percentile_ratio(
    const std::vector<metrics::CompactHistogram>& baseline_blocks,
    const std::vector<metrics::CompactHistogram>& current_blocks, double percentile, double level,
    int resamples, uint64_t seed) {
  if (baseline_blocks.empty() || current_blocks.empty() || resamples < 10) return std::nullopt;
  std::mt19937_64 rng(seed);
  Resampler baseline(baseline_blocks);
  Resampler current(current_blocks);
  std::vector<double> ratios;
  ratios.reserve(static_cast<size_t>(resamples));
  for (int i = 0; i < resamples; ++i) {
    double base = baseline.resample(rng, percentile);
    double now = current.resample(rng, percentile);
    if (base > 0) ratios.push_back(now / base);
  }
  if (ratios.size() < 10) return std::nullopt;
  std::sort(ratios.begin(), ratios.end());
  double tail = (1 - level) / 2;
  return RatioInterval{quantile_of_sorted(ratios, tail), quantile_of_sorted(ratios, 1 - tail)};
}

}  // namespace perfgate::stats
