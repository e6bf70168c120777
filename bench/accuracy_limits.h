// SPDX-License-Identifier: MIT
// The statistical limit beside each measured detection rate: the power of one optimal test on
// one metric at the same noise and false-alarm budget, computed analytically (Boost.Math).
#pragma once

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/non_central_t.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>

namespace perfgate::bench {

// History of n runs, one new run, log-metric noise sigma between runs, one-sided budget alpha:
// the t prediction test T = D / (s·sqrt(1 + 1/n)), D = log(new) − mean log(history), is the
// optimal invariant test; T is noncentral t with n−1 df and δ = log(1+r) / (σ·sqrt(1 + 1/n)).
inline double history_limit(double regression, double sigma, int n, double alpha) {
  double k = std::sqrt(1 + 1.0 / n);
  double delta = std::log1p(regression) / (sigma * k);
  boost::math::students_t t(n - 1);
  double critical = boost::math::quantile(boost::math::complement(t, alpha));
  boost::math::non_central_t noncentral(n - 1, delta);
  return boost::math::cdf(boost::math::complement(noncentral, critical));
}

// The same test with the gate's extra rule that the change must exceed the tolerance:
// P(T > t_crit and D > log(1 + tol)), integrating over s (s² ~ σ² χ²_{n−1} / (n−1), independent
// of D) with 2000 quantile points.
inline double history_limit_with_tolerance(double regression, double sigma, int n, double alpha,
                                           double tolerance) {
  double k = std::sqrt(1 + 1.0 / n);
  boost::math::students_t t(n - 1);
  double critical = boost::math::quantile(boost::math::complement(t, alpha));
  boost::math::chi_squared chi(n - 1);
  boost::math::normal d(std::log1p(regression), sigma * k);
  constexpr int k_points = 2000;
  double sum = 0;
  for (int i = 0; i < k_points; ++i) {
    double v = boost::math::quantile(chi, (i + 0.5) / k_points);
    double s = sigma * std::sqrt(v / (n - 1));
    double cut = std::max(critical * s * k, std::log1p(tolerance));
    sum += boost::math::cdf(boost::math::complement(d, cut));
  }
  return sum / k_points;
}

// One baseline run and one new run with the run-to-run noise σ known: the z test on
// D = log(new / baseline) ~ N(log(1+r), 2σ²), with the tolerance rule.
inline double single_run_limit(double regression, double sigma, double alpha, double tolerance) {
  boost::math::normal d(std::log1p(regression), sigma * std::sqrt(2.0));
  double z = boost::math::quantile(boost::math::complement(boost::math::normal(), alpha));
  double cut = std::max(z * sigma * std::sqrt(2.0), std::log1p(tolerance));
  return boost::math::cdf(boost::math::complement(d, cut));
}

}  // namespace perfgate::bench
