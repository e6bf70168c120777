// SPDX-License-Identifier: MIT
// The one-run method's rank test: Mann–Whitney U on window-level samples (per-block
// percentiles, per-window throughput) of two runs. Never on single requests: they are
// autocorrelated, and with a million of them every 0.1 % difference is "significant".
#pragma once

#include <span>

namespace perfgate::stats {

// greater: the alternative is that `x` tends to be larger than `y`; less: smaller.
enum class Alternative { greater, less };

struct MannWhitney {
  double u = 0;        // U statistic of x: pairs (x_i, y_j) with x_i > y_j, ties counted 1/2
  double p_value = 1;  // one-sided
  bool exact = false;  // exact null distribution (no ties, small samples) or normal approximation
};

// Exact when there are no ties and n_x + n_y <= 40 (scipy's method="exact"); otherwise the
// normal approximation with tie correction and continuity correction (scipy's "asymptotic").
// REQUIRES: both samples non-empty.
MannWhitney mann_whitney_u(std::span<const double> x, std::span<const double> y,
                           Alternative alternative);

}  // namespace perfgate::stats
