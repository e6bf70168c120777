// SPDX-License-Identifier: MIT
#include "perfgate/stats/change_point.h"

#include <cmath>
#include <random>
#include <vector>

namespace perfgate::stats {

Split strongest_split(std::span<const double> series, size_t min_segment) {
  size_t n = series.size();
  // Sums of |x_i - x_k| over pairs inside [0, t) for every t, and over [t, n), and across:
  // built once in O(n²) so that all splits together cost O(n²), not O(n³).
  // Reused between calls: the permutation test calls this thousands of times per series.
  thread_local std::vector<double> prefix_within;
  thread_local std::vector<double> suffix_within;
  prefix_within.assign(n + 1, 0);  // pairs i < k < t
  for (size_t t = 1; t <= n; ++t) {
    double added = 0;
    for (size_t i = 0; i + 1 < t; ++i) added += std::fabs(series[i] - series[t - 1]);
    prefix_within[t] = prefix_within[t - 1] + added;
  }
  suffix_within.assign(n + 1, 0);  // pairs t <= j < l
  for (size_t t = n; t-- > 0;) {
    double added = 0;
    for (size_t l = t + 1; l < n; ++l) added += std::fabs(series[t] - series[l]);
    suffix_within[t] = suffix_within[t + 1] + added;
  }
  double all_pairs = prefix_within[n];
  Split best;
  best.statistic = -1;
  for (size_t tau = min_segment; tau + min_segment <= n; ++tau) {
    double x_pairs = prefix_within[tau];
    double y_pairs = suffix_within[tau];
    double cross = all_pairs - x_pairs - y_pairs;
    double a = static_cast<double>(tau);
    double b = static_cast<double>(n - tau);
    double within_x = a > 1 ? x_pairs * 2 / (a * (a - 1)) : 0;
    double within_y = b > 1 ? y_pairs * 2 / (b * (b - 1)) : 0;
    double q = a * b / (a + b) * (2 * cross / (a * b) - within_x - within_y);
    if (q > best.statistic) best = {tau, q};
  }
  return best;
}

std::optional<ChangePoint> find_change_point(std::span<const double> series, int permutations,
                                             uint64_t seed, size_t min_segment) {
  if (series.size() < 2 * min_segment || min_segment < 1) return std::nullopt;
  Split observed = strongest_split(series, min_segment);
  ChangePoint point;
  point.index = observed.index;
  point.statistic = observed.statistic;
  double before = 0;
  for (size_t i = 0; i < observed.index; ++i) before += series[i];
  double after = 0;
  for (size_t i = observed.index; i < series.size(); ++i) after += series[i];
  point.mean_before = before / static_cast<double>(observed.index);
  point.mean_after = after / static_cast<double>(series.size() - observed.index);
  std::mt19937_64 rng(seed);
  std::vector<double> shuffled(series.begin(), series.end());
  // Besag & Clifford's sequential p-value: stop once k_enough permutations were as strong as the
  // observed split (p = k_enough / permutations done); a clear change runs all permutations.
  constexpr int k_enough = 20;
  int as_strong = 0;
  for (int p = 0; p < permutations; ++p) {
    // Fisher–Yates with modulo draws: the same permutations on every standard library.
    for (size_t i = shuffled.size() - 1; i > 0; --i) {
      std::swap(shuffled[i], shuffled[static_cast<size_t>(rng() % (i + 1))]);
    }
    if (strongest_split(shuffled, min_segment).statistic >= observed.statistic - 1e-12) {
      if (++as_strong == k_enough) {
        point.p_value = static_cast<double>(k_enough) / (p + 1);
        return point;
      }
    }
  }
  point.p_value = (1.0 + as_strong) / (1.0 + permutations);
  return point;
}

}  // namespace perfgate::stats
