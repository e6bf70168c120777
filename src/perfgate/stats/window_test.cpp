// SPDX-License-Identifier: MIT
#include "perfgate/stats/window_test.h"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <utility>
#include <vector>

#include "perfgate/util/assert.h"

namespace perfgate::stats {
namespace {

constexpr size_t k_exact_limit = 40;

struct Ranked {
  double rank_sum_x = 0;
  double tie_term = 0;  // sum over tie groups of t^3 - t
};

Ranked rank_x(std::span<const double> x, std::span<const double> y) {
  std::vector<std::pair<double, int>> all;
  all.reserve(x.size() + y.size());
  for (double value : x) all.emplace_back(value, 0);
  for (double value : y) all.emplace_back(value, 1);
  std::sort(all.begin(), all.end());
  Ranked ranked;
  for (size_t i = 0; i < all.size();) {
    size_t j = i;
    while (j < all.size() && all[j].first == all[i].first) ++j;
    double mid_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    double ties = static_cast<double>(j - i);
    ranked.tie_term += ties * ties * ties - ties;
    for (size_t k = i; k < j; ++k) {
      if (all[k].second == 0) ranked.rank_sum_x += mid_rank;
    }
    i = j;
  }
  return ranked;
}

// P(U >= u) under the null with no ties: counts of arrangements by U (Mann & Whitney 1947's
// recursion f(m, n, u) = f(m-1, n, u-n) + f(m, n-1, u)), in doubles.
double exact_upper_tail(size_t m, size_t n, double u) {
  size_t max_u = m * n;
  // table[j][k]: arrangements of i x's and j y's with U = k, built up over i.
  std::vector<std::vector<double>> previous(n + 1, std::vector<double>(max_u + 1, 0));
  for (size_t j = 0; j <= n; ++j) previous[j][0] = 1;  // i = 0: U is 0
  for (size_t i = 1; i <= m; ++i) {
    std::vector<std::vector<double>> table(n + 1, std::vector<double>(max_u + 1, 0));
    table[0][0] = 1;
    for (size_t j = 1; j <= n; ++j) {
      for (size_t k = 0; k <= i * j; ++k) {
        double with_x_last = k >= j ? previous[j][k - j] : 0;  // largest is an x: beats j y's
        table[j][k] = with_x_last + table[j - 1][k];
      }
    }
    previous = std::move(table);
  }
  double total = 0;
  double tail = 0;
  for (size_t k = 0; k <= max_u; ++k) {
    total += previous[n][k];
    if (static_cast<double>(k) >= u - 1e-9) tail += previous[n][k];
  }
  return tail / total;
}

}  // namespace

MannWhitney mann_whitney_u(std::span<const double> x, std::span<const double> y,
                           Alternative alternative) {
  PG_ASSERT(!x.empty() && !y.empty());
  double m = static_cast<double>(x.size());
  double n = static_cast<double>(y.size());
  Ranked ranked = rank_x(x, y);
  MannWhitney result;
  result.u = ranked.rank_sum_x - m * (m + 1) / 2;
  // The "greater" statistic; for "less" use U of y, which is m*n - U of x.
  double u_tail = alternative == Alternative::greater ? result.u : m * n - result.u;
  if (ranked.tie_term == 0 && x.size() + y.size() <= k_exact_limit) {
    result.exact = true;
    result.p_value = exact_upper_tail(x.size(), y.size(), u_tail);
    return result;
  }
  double total = m + n;
  double variance = m * n / 12 * ((total + 1) - ranked.tie_term / (total * (total - 1)));
  if (variance <= 0) {  // every value equal: no evidence either way
    result.p_value = 1;
    return result;
  }
  double z = (u_tail - m * n / 2 - 0.5) / std::sqrt(variance);
  result.p_value = boost::math::cdf(boost::math::complement(boost::math::normal(), z));
  return result;
}

}  // namespace perfgate::stats
