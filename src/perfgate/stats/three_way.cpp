// SPDX-License-Identifier: MIT
#include "perfgate/stats/three_way.h"

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>

namespace perfgate::stats {
namespace {

double quantile(double df, double probability) {
  if (!std::isfinite(df) || df > 1e6) {
    return boost::math::quantile(boost::math::normal(), probability);
  }
  return boost::math::quantile(boost::math::students_t(std::max(df, 0.5)), probability);
}

double upper_tail(double df, double t) {
  if (!std::isfinite(df) || df > 1e6) {
    return boost::math::cdf(boost::math::complement(boost::math::normal(), t));
  }
  return boost::math::cdf(boost::math::complement(boost::math::students_t(std::max(df, 0.5)), t));
}

}  // namespace

double p_worse(const ChangeEstimate& estimate) {
  if (!(estimate.se > 0)) return estimate.worse > 0 ? 0.0 : 1.0;
  return upper_tail(estimate.df, estimate.worse / estimate.se);
}

double upper_bound(const ChangeEstimate& estimate, double level) {
  return estimate.worse + quantile(estimate.df, level) * estimate.se;
}

double lower_bound(const ChangeEstimate& estimate, double level) {
  return estimate.worse - quantile(estimate.df, level) * estimate.se;
}

double detectable_change(const ChangeEstimate& estimate, double alpha, double power) {
  return (quantile(estimate.df, 1 - alpha) + quantile(estimate.df, power)) * estimate.se;
}

Status decide(const ChangeEstimate& estimate, double tolerance, double adjusted_p,
              const ThreeWayLevels& levels) {
  if (adjusted_p < levels.fail_alpha && estimate.worse > tolerance) return Status::fail;
  if (upper_bound(estimate, 1 - levels.pass_alpha) < tolerance) return Status::pass;
  return Status::inconclusive;
}

}  // namespace perfgate::stats
