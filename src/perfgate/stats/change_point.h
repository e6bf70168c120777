// SPDX-License-Identifier: MIT
// Change-point detection over a metric's history plus the new run: E-divisive means (Matteson &
// James 2014; Otava/Hunter) with α = 1 for the single strongest split, and a seeded permutation
// test for its significance. It finds slow creep and old shifts that no comparison of one run
// with its predecessors sees; the gate reports them as warnings.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace perfgate::stats {

struct ChangePoint {
  size_t index = 0;        // first value of the segment after the change
  double mean_before = 0;  // of the values as given (the gate passes log values)
  double mean_after = 0;
  double statistic = 0;  // the divergence Q̂ at the split
  // (1 + #permutations with max Q̂ >= observed) / (permutations + 1), stopped early (Besag &
  // Clifford 1991) once 20 permutations were as strong: then 20 / permutations done.
  double p_value = 1;
};

// nullopt when the series has fewer than 2 * min_segment values.
std::optional<ChangePoint> find_change_point(std::span<const double> series, int permutations,
                                             uint64_t seed, size_t min_segment = 2);

// The strongest split's Q̂ without the test (exposed for tests): Q̂(τ) = τ(n−τ)/n ·
// [2/(τ(n−τ)) Σ|x_i−y_j| − 2/(τ(τ−1)) Σ_{i<k}|x_i−x_k| − 2/((n−τ)(n−τ−1)) Σ_{j<l}|y_j−y_l|].
struct Split {
  size_t index = 0;
  double statistic = 0;
};
Split strongest_split(std::span<const double> series, size_t min_segment);

}  // namespace perfgate::stats
