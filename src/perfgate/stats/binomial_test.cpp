// SPDX-License-Identifier: MIT
#include "perfgate/stats/binomial_test.h"

#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/hypergeometric.hpp>
#include <limits>

namespace perfgate::stats {

double fisher_exact_greater(int64_t current_errors, int64_t current_requests,
                            int64_t baseline_errors, int64_t baseline_requests) {
  if (current_errors <= 0) return 1;
  int64_t total = current_requests + baseline_requests;
  int64_t total_errors = current_errors + baseline_errors;
  // Boost's hypergeometric takes unsigned counts: larger runs are scaled down to the same
  // proportions, which changes the p-value far less than the tolerance that gates on it.
  constexpr int64_t k_max = std::numeric_limits<unsigned>::max() / 2;
  if (total > k_max) {
    double scale = static_cast<double>(k_max) / static_cast<double>(total);
    auto shrink = [scale](int64_t value) {
      return static_cast<int64_t>(static_cast<double>(value) * scale);
    };
    return fisher_exact_greater(std::max<int64_t>(shrink(current_errors), 1),
                                shrink(current_requests), shrink(baseline_errors),
                                shrink(baseline_requests));
  }
  // The smallest X the margins allow; at or below it, P(X >= k) is 1.
  if (current_errors - 1 < std::max<int64_t>(0, current_requests + total_errors - total)) return 1;
  boost::math::hypergeometric_distribution<double> distribution(
      static_cast<unsigned>(total_errors), static_cast<unsigned>(current_requests),
      static_cast<unsigned>(total));
  // P(X >= k) = 1 - P(X <= k - 1).
  return boost::math::cdf(
      boost::math::complement(distribution, static_cast<unsigned>(current_errors - 1)));
}

double binomial_test_greater(int64_t errors, int64_t requests, double rate) {
  if (errors <= 0) return 1;
  if (rate <= 0) return 0;
  boost::math::binomial_distribution<double> distribution(static_cast<double>(requests), rate);
  return boost::math::cdf(boost::math::complement(distribution, static_cast<double>(errors - 1)));
}

}  // namespace perfgate::stats
