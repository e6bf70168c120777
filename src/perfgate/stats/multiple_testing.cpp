// SPDX-License-Identifier: MIT
#include "perfgate/stats/multiple_testing.h"

#include <algorithm>
#include <numeric>

namespace perfgate::stats {
namespace {

std::vector<size_t> order_by_p(std::span<const double> p_values) {
  std::vector<size_t> order(p_values.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return p_values[a] < p_values[b]; });
  return order;
}

}  // namespace

const char* multiple_testing_name(MultipleTesting method) {
  switch (method) {
    case MultipleTesting::holm:
      return "Holm";
    case MultipleTesting::benjamini_hochberg:
      return "Benjamini-Hochberg";
    case MultipleTesting::none:
      return "none";
  }
  return "?";
}

std::vector<double> holm_adjust(std::span<const double> p_values) {
  size_t m = p_values.size();
  std::vector<double> adjusted(m);
  double running = 0;  // step-down: adjusted values never decrease along the sorted order
  std::vector<size_t> order = order_by_p(p_values);
  for (size_t rank = 0; rank < m; ++rank) {
    size_t i = order[rank];
    running = std::max(running, std::min(1.0, static_cast<double>(m - rank) * p_values[i]));
    adjusted[i] = running;
  }
  return adjusted;
}

std::vector<double> benjamini_hochberg_adjust(std::span<const double> p_values) {
  size_t m = p_values.size();
  std::vector<double> adjusted(m);
  double running = 1;  // step-up: from the largest p-value down, take the running minimum
  std::vector<size_t> order = order_by_p(p_values);
  for (size_t rank = m; rank-- > 0;) {
    size_t i = order[rank];
    double scaled = p_values[i] * static_cast<double>(m) / static_cast<double>(rank + 1);
    running = std::min(running, std::min(1.0, scaled));
    adjusted[i] = running;
  }
  return adjusted;
}

std::vector<double> adjust_p_values(std::span<const double> p_values, MultipleTesting method) {
  switch (method) {
    case MultipleTesting::holm:
      return holm_adjust(p_values);
    case MultipleTesting::benjamini_hochberg:
      return benjamini_hochberg_adjust(p_values);
    case MultipleTesting::none:
      break;
  }
  return {p_values.begin(), p_values.end()};
}

}  // namespace perfgate::stats
