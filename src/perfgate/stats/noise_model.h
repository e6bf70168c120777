// SPDX-License-Identifier: MIT
// The noise the three-way decision rests on, measured rather than assumed: the robust spread of a
// statistic across a run's blocks (within-run noise), and between-run variances of many checks
// moderated towards a common prior (empirical Bayes, Smyth 2004, as limma does for few
// replicates of many features), so that 2, 3 or 4 runs of history already help.
#pragma once

#include <limits>
#include <optional>
#include <span>

namespace perfgate::stats {

// The spread of one statistic over a run's blocks, on the log scale.
struct BlockSpread {
  int blocks = 0;            // blocks kept
  int outliers = 0;          // blocks set aside (a stalled second must not blind a test)
  double log_sd = 0;         // standard deviation of the kept blocks' log values
  double se = 0;             // standard error of the run's log value: log_sd / sqrt(blocks)
  double df = 0;             // degrees of freedom of log_sd: blocks - 1
  double kept_mean_log = 0;  // mean of the kept blocks' log values: the run without its outliers
};

// Which blocks far from the median are set aside: on both sides, or only above it (a stall
// only adds time) or only below it (a stall only takes throughput away).
enum class OutlierSide { both, above, below };

// Robust spread of positive per-block values: blocks further than max(3.5 robust SDs, 5 %) from
// the median (the robust SD is 1.4826 × MAD) on `side` are set aside, the rest give an ordinary
// SD. Non-positive values are ignored. Fewer than 2 values: blocks = 0 (no estimate).
BlockSpread robust_log_spread(std::span<const double> values, OutlierSide side = OutlierSide::both);

// A run's quickest quarter of blocks: the lower quartile of its positive per-block values on the
// log scale, and that quartile's standard error from the order statistics around it (the
// distribution-free interval of a quantile: ranks kq ± √(kq(1 − q)), Conover 1999, §3.2), half
// its width. A busy machine only adds time to a request (a neighbour's CPU, a stall), so the
// quicker blocks show the service with the least of the machine in them (the reason benchmark
// harnesses report a minimum: Chen & Revels 2016, "Robust benchmarking in noisy environments").
// nullopt with fewer than k_min_quartile_blocks values.
struct BlockQuartile {
  double log_value = 0;
  double se = 0;
  int blocks = 0;
};
inline constexpr int k_min_quartile_blocks = 8;
std::optional<BlockQuartile> lower_quartile_of_blocks(std::span<const double> values);

// The mean of paired differences (which may be negative) and its standard error, with the
// pairs further than max(3.5 robust SDs, 5 %) from the median set aside, as above.
struct PairedSpread {
  double mean = 0;
  double se = 0;
  int kept = 0;
  int set_aside = 0;
};
PairedSpread robust_paired_spread(std::span<const double> differences);

// One feature's sample variance and its degrees of freedom.
struct VarianceFeature {
  double variance = 0;
  double df = 0;
  // How much noisier than the group's prior this feature is expected to be (1: as noisy): a
  // prior whose variance depends on the feature's level (limma-trend, Sartor et al. 2006).
  double prior_scale = 1;
};

// The scaled inverse-χ² prior of the features' true variances: d₀ prior degrees of freedom and
// the prior variance s₀². df = 0: no prior (fewer than 2 usable features).
struct VariancePrior {
  double df = 0;
  double variance = 0;
};

// Fits the prior by Smyth's method of moments on log variances (limma's fitFDist). The prior's
// df is capped at the features' total df: borrowed strength can never exceed what all the
// features together hold (with few features an uncapped d₀ = ∞ would pretend to know s₀²).
// Variances below `floor` are raised to it (a histogram's resolution, identical runs). Each
// feature's variance counts divided by its prior_scale, and s₀² is the prior of a scale of 1.
VariancePrior fit_variance_prior(std::span<const VarianceFeature> features, double floor);

// s̃² = (d₀·s₀²·scale + d·s²) / (d₀ + d); its degrees of freedom are d₀ + d.
double moderated_variance(const VariancePrior& prior, const VarianceFeature& feature);

// The inverse of the trigamma function, by Newton's method (Smyth 2004). REQUIRES: y > 0.
double trigamma_inverse(double y);

inline constexpr double k_infinite_df = std::numeric_limits<double>::infinity();

}  // namespace perfgate::stats
