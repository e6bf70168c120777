// SPDX-License-Identifier: MIT
#include "perfgate/report/number_format.h"

#include <fmt/format.h>

#include <cmath>

namespace perfgate::report {
namespace {

// fmt's `L` would use the global locale; reports must not depend on the machine's.
std::string group_thousands(const std::string& digits) {
  size_t start = (digits.front() == '-' || digits.front() == '+') ? 1 : 0;
  size_t dot = digits.find('.');
  size_t end = dot == std::string::npos ? digits.size() : dot;
  std::string out = digits.substr(0, start);
  for (size_t i = start; i < end; ++i) {
    if (i > start && (end - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out + digits.substr(end);
}

}  // namespace

std::string format_ms(double ms) {
  if (!std::isfinite(ms)) return "—";
  double magnitude = std::fabs(ms);
  if (magnitude < 10) return fmt::format("{:.2f}", ms);
  if (magnitude < 100) return fmt::format("{:.1f}", ms);
  return group_thousands(fmt::format("{:.0f}", ms));
}

std::string format_change(double relative) {
  if (!std::isfinite(relative)) return "—";
  double percent = relative * 100;
  if (std::fabs(percent) < 10) return fmt::format("{:+.1f}%", percent);
  return group_thousands(fmt::format("{:+.0f}", percent)) + "%";
}

std::string format_ratio(double ratio) {
  if (!std::isfinite(ratio)) return "—";
  double percent = ratio * 100;
  if (percent == 0) return "0%";
  if (std::fabs(percent) < 1) return fmt::format("{:.2f}%", percent);
  if (std::fabs(percent) < 10) return fmt::format("{:.1f}%", percent);
  return fmt::format("{:.0f}%", percent);
}

std::string format_rate(double per_second) {
  if (!std::isfinite(per_second)) return "—";
  if (std::fabs(per_second) < 100) return fmt::format("{:.1f}", per_second);
  return group_thousands(fmt::format("{:.0f}", per_second));
}

std::string format_count(double count) {
  if (!std::isfinite(count)) return "—";
  if (count == std::floor(count)) return group_thousands(fmt::format("{:.0f}", count));
  return group_thousands(fmt::format("{:.2f}", count));
}

std::string format_points(double change_of_ratio) {
  if (!std::isfinite(change_of_ratio)) return "—";
  double points = change_of_ratio * 100;
  if (std::fabs(points) < 1) return fmt::format("{:+.2f} pp", points);
  if (std::fabs(points) < 10) return fmt::format("{:+.1f} pp", points);
  return fmt::format("{:+.0f} pp", points);
}

std::string format_p_value(double p) {
  if (!std::isfinite(p)) return "p = —";
  if (p < 0.001) return "p < 0.001";
  return "p = " + format_p_column(p);
}

std::string format_p_column(double p) {
  if (!std::isfinite(p)) return "—";
  if (p < 0.001) return "<0.001";
  if (p < 0.1) return fmt::format("{:.3f}", p);
  return fmt::format("{:.2f}", p);
}

std::string format_number(double value, Unit unit) {
  switch (unit) {
    case Unit::ms:
      return format_ms(value);
    case Unit::ratio:
      return format_ratio(value);
    case Unit::per_second:
      return format_rate(value);
    case Unit::count:
    case Unit::none:
      return format_count(value);
  }
  return format_count(value);
}

std::string format_value(double value, Unit unit) {
  std::string number = format_number(value, unit);
  switch (unit) {
    case Unit::ms:
      return number + " ms";
    case Unit::per_second:
      return number + " req/s";
    default:
      return number;
  }
}

}  // namespace perfgate::report
