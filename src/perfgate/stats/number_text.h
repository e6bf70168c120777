// SPDX-License-Identifier: MIT
// Numbers in the checks' explanations, which people read: four significant digits, but never an
// exponent for large values ("71796/s", not "7.18e+04/s").
#pragma once

#include <fmt/format.h>

#include <cmath>
#include <string>

namespace perfgate::stats {

inline std::string four_digits(double value) {
  if (std::isfinite(value) && std::fabs(value) >= 1e4) return fmt::format("{:.0f}", value);
  return fmt::format("{:.4g}", value);
}

}  // namespace perfgate::stats
