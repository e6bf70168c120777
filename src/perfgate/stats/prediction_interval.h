// SPDX-License-Identifier: MIT
// The history method: is the new run's value outside what the history predicts for one more run
// of the same code? A Student-t prediction interval on the log scale (multiplicative noise), so
// the noise that counts is the one between runs (Bencher's t_test model, taken to log space).
#pragma once

#include <optional>
#include <span>

namespace perfgate::stats {

// Which way a metric gets worse.
enum class Direction { higher_is_worse, lower_is_worse };

struct PredictionTest {
  int n = 0;           // history values used
  double center = 0;   // geometric mean of the history
  double log_sd = 0;   // standard deviation of log values (after the floor)
  double scale = 0;    // log_sd * sqrt(1 + 1/n): the spread of one new log value
  double t = 0;        // (log(current) - mean log) / scale, signed so that > 0 is worse
  double p_value = 1;  // one-sided: P(T_{n-1} >= t)
};

// REQUIRES: every history value > 0 and current > 0. nullopt with fewer than 3 values.
// `min_log_sd` keeps an unusually quiet history (or a histogram's 1 % resolution) from turning
// a 2 % change into "p = 1e-9".
std::optional<PredictionTest> log_prediction_test(std::span<const double> history, double current,
                                                  Direction direction, double min_log_sd = 0.01);

// The bound of the one-sided prediction interval at `level` (e.g. 0.99) on the worse side: the
// highest (or lowest) value one more run of the same code reaches with probability `level`.
double prediction_bound(const PredictionTest& test, Direction direction, double level);

}  // namespace perfgate::stats
