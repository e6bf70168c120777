// SPDX-License-Identifier: MIT
#include "perfgate/stats/prediction_interval.h"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>

namespace perfgate::stats {

std::optional<PredictionTest> log_prediction_test(std::span<const double> history, double current,
                                                  Direction direction, double min_log_sd) {
  if (history.size() < 3 || !(current > 0)) return std::nullopt;
  double n = static_cast<double>(history.size());
  double sum = 0;
  for (double value : history) sum += std::log(value);
  double mean = sum / n;
  double squares = 0;
  for (double value : history) squares += (std::log(value) - mean) * (std::log(value) - mean);
  PredictionTest test;
  test.n = static_cast<int>(history.size());
  test.center = std::exp(mean);
  test.log_sd = std::max(std::sqrt(squares / (n - 1)), min_log_sd);
  test.scale = test.log_sd * std::sqrt(1 + 1 / n);
  double signed_t = (std::log(current) - mean) / test.scale;
  test.t = direction == Direction::higher_is_worse ? signed_t : -signed_t;
  boost::math::students_t distribution(n - 1);
  test.p_value = boost::math::cdf(boost::math::complement(distribution, test.t));
  return test;
}

double prediction_bound(const PredictionTest& test, Direction direction, double level) {
  boost::math::students_t distribution(test.n - 1);
  double quantile = boost::math::quantile(distribution, level);
  double log_center = std::log(test.center);
  double sign = direction == Direction::higher_is_worse ? 1 : -1;
  return std::exp(log_center + sign * quantile * test.scale);
}

}  // namespace perfgate::stats
