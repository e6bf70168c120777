// SPDX-License-Identifier: MIT
#include "perfgate/stats/noise_model.h"

#include <algorithm>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/polygamma.hpp>
#include <boost/math/special_functions/trigamma.hpp>
#include <cmath>
#include <vector>

namespace perfgate::stats {
namespace {

double median_of(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// The values within max(3.5 robust SDs, 5 %) of their median on `side` (all of them when fewer
// than 2 would remain). 5 % on the log scale: below that, a "deviation" is histogram resolution.
std::vector<double> without_outliers(const std::vector<double>& values,
                                     OutlierSide side = OutlierSide::both) {
  double median = median_of(values);
  std::vector<double> deviations;
  for (double value : values) deviations.push_back(std::abs(value - median));
  double cutoff = std::max(3.5 * 1.4826 * median_of(deviations), 0.05);
  std::vector<double> kept;
  for (double value : values) {
    bool far_above = value - median > cutoff;
    bool far_below = median - value > cutoff;
    bool set_aside = side == OutlierSide::above   ? far_above
                     : side == OutlierSide::below ? far_below
                                                  : far_above || far_below;
    if (!set_aside) kept.push_back(value);
  }
  return kept.size() < 2 ? values : kept;
}

}  // namespace

PairedSpread robust_paired_spread(std::span<const double> differences) {
  PairedSpread spread;
  std::vector<double> values;
  for (double value : differences) {
    if (std::isfinite(value)) values.push_back(value);
  }
  if (values.empty()) return spread;
  std::vector<double> kept = values.size() < 2 ? values : without_outliers(values);
  auto n = static_cast<double>(kept.size());
  for (double value : kept) spread.mean += value;
  spread.mean /= n;
  double squares = 0;
  for (double value : kept) squares += (value - spread.mean) * (value - spread.mean);
  spread.se = kept.size() > 1 ? std::sqrt(squares / (n - 1) / n) : 0;
  spread.kept = static_cast<int>(kept.size());
  spread.set_aside = static_cast<int>(values.size() - kept.size());
  return spread;
}

BlockSpread robust_log_spread(std::span<const double> values, OutlierSide side) {
  std::vector<double> logs;
  for (double value : values) {
    if (value > 0 && std::isfinite(value)) logs.push_back(std::log(value));
  }
  BlockSpread spread;
  if (logs.size() < 2) return spread;
  std::vector<double> kept = without_outliers(logs, side);
  double mean = 0;
  for (double value : kept) mean += value;
  mean /= static_cast<double>(kept.size());
  double squares = 0;
  for (double value : kept) squares += (value - mean) * (value - mean);
  auto n = static_cast<double>(kept.size());
  spread.blocks = static_cast<int>(kept.size());
  spread.outliers = static_cast<int>(logs.size() - kept.size());
  spread.log_sd = std::sqrt(squares / (n - 1));
  spread.se = spread.log_sd / std::sqrt(n);
  spread.df = n - 1;
  spread.kept_mean_log = mean;
  return spread;
}

std::optional<BlockQuartile> lower_quartile_of_blocks(std::span<const double> values) {
  std::vector<double> logs;
  for (double value : values) {
    if (value > 0 && std::isfinite(value)) logs.push_back(std::log(value));
  }
  if (logs.size() < static_cast<size_t>(k_min_quartile_blocks)) return std::nullopt;
  std::sort(logs.begin(), logs.end());
  constexpr double q = 0.25;
  auto k = static_cast<double>(logs.size());
  // Ranks (1-based) kq, and kq ± √(kq(1 − q)), clamped to the sample.
  auto at_rank = [&](double rank) {
    auto index = static_cast<size_t>(std::clamp(std::round(rank), 1.0, k)) - 1;
    return logs[index];
  };
  double middle = k * q;
  double reach = std::sqrt(k * q * (1 - q));
  BlockQuartile quartile;
  quartile.log_value = at_rank(middle);
  quartile.se = (at_rank(middle + reach) - at_rank(middle - reach)) / 2;
  quartile.blocks = static_cast<int>(logs.size());
  return quartile;
}

double trigamma_inverse(double y) {
  if (y > 1e7) return 1 / std::sqrt(y);
  if (y < 1e-6) return 1 / y;
  double x = 0.5 + 1 / y;
  for (int i = 0; i < 50; ++i) {
    double tri = boost::math::trigamma(x);
    double step = tri * (1 - tri / y) / boost::math::polygamma(2, x);
    x += step;
    if (-step / x < 1e-8) break;
  }
  return x;
}

VariancePrior fit_variance_prior(std::span<const VarianceFeature> features, double floor) {
  std::vector<double> centred;  // e_g = log s² - digamma(d/2) + log(d/2)
  double mean_trigamma = 0;
  double total_df = 0;
  for (const VarianceFeature& feature : features) {
    if (!(feature.df > 0) || !std::isfinite(feature.variance)) continue;
    double half = feature.df / 2;
    centred.push_back(std::log(std::max(feature.variance, floor) / feature.prior_scale) -
                      boost::math::digamma(half) + std::log(half));
    mean_trigamma += boost::math::trigamma(half);
    total_df += feature.df;
  }
  VariancePrior prior;
  if (centred.size() < 2) return prior;
  auto g = static_cast<double>(centred.size());
  double mean = 0;
  for (double e : centred) mean += e;
  mean /= g;
  double spread = 0;
  for (double e : centred) spread += (e - mean) * (e - mean);
  double excess = spread / (g - 1) - mean_trigamma / g;
  prior.df = excess > 0 ? 2 * trigamma_inverse(excess) : k_infinite_df;
  prior.df = std::min(prior.df, total_df);
  double half = prior.df / 2;
  prior.variance = std::exp(mean + boost::math::digamma(half) - std::log(half));
  return prior;
}

double moderated_variance(const VariancePrior& prior, const VarianceFeature& feature) {
  if (!(prior.df > 0)) return feature.variance;
  return (prior.df * prior.variance * feature.prior_scale + feature.df * feature.variance) /
         (prior.df + feature.df);
}

}  // namespace perfgate::stats
