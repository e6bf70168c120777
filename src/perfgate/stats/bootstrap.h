// SPDX-License-Identifier: MIT
// Block bootstrap of a percentile ratio between two runs: resample each run's blocks (window
// groups, so autocorrelation inside a block is kept), merge their histograms, and take
// percentile(current) / percentile(baseline). Seeded, so a verdict can be reproduced.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "perfgate/metrics/histogram.h"

namespace perfgate::stats {

struct RatioInterval {
  double low = 0;  // ratio, 1.0 = no change
  double high = 0;
};

// A two-sided percentile interval at `level` (e.g. 0.95) from `resamples` resamples.
// nullopt when either side has no blocks or resamples < 10.
std::optional<RatioInterval> bootstrap_percentile_ratio(
    const std::vector<metrics::CompactHistogram>& baseline_blocks,
    const std::vector<metrics::CompactHistogram>& current_blocks, double percentile, double level,
    int resamples, uint64_t seed);

}  // namespace perfgate::stats
