// SPDX-License-Identifier: MIT
#include "perfgate/util/duration.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>

namespace perfgate::util {
namespace {

// Microseconds per unit, or 0 for an unknown unit.
double unit_micros(std::string_view unit) {
  if (unit == "us" || unit == "\xC2\xB5s") return 1;
  if (unit == "ms") return 1e3;
  if (unit == "s" || unit.empty()) return 1e6;
  if (unit == "m") return 60e6;
  if (unit == "h") return 3600e6;
  return 0;
}

}  // namespace

std::optional<std::chrono::microseconds> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  double total_us = 0;
  bool bare_number = true;
  while (!text.empty()) {
    size_t digits = 0;
    while (digits < text.size() &&
           (std::isdigit(static_cast<unsigned char>(text[digits])) || text[digits] == '.')) {
      ++digits;
    }
    if (digits == 0) return std::nullopt;
    double amount = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + digits, amount);
    if (ec != std::errc() || end != text.data() + digits) return std::nullopt;
    text.remove_prefix(digits);
    size_t unit_len = 0;
    while (unit_len < text.size() && !std::isdigit(static_cast<unsigned char>(text[unit_len])) &&
           text[unit_len] != '.') {
      ++unit_len;
    }
    double per_unit = unit_micros(text.substr(0, unit_len));
    if (per_unit == 0) return std::nullopt;
    if (unit_len == 0 && !bare_number) return std::nullopt;  // "1m30" is ambiguous
    if (unit_len > 0) bare_number = false;
    text.remove_prefix(unit_len);
    total_us += amount * per_unit;
  }
  if (!std::isfinite(total_us) || total_us > 1e15) return std::nullopt;
  return std::chrono::microseconds(static_cast<int64_t>(std::llround(total_us)));
}

std::string format_duration(std::chrono::microseconds duration) {
  int64_t us = duration.count();
  if (us == 0) return "0s";
  if (us % 1000 != 0) return fmt::format("{}us", us);
  if (us % 1'000'000 != 0) return fmt::format("{}ms", us / 1000);
  int64_t s = us / 1'000'000;
  std::string out;
  if (s >= 3600) out += fmt::format("{}h", s / 3600), s %= 3600;
  if (s >= 60) out += fmt::format("{}m", s / 60), s %= 60;
  if (s > 0) out += fmt::format("{}s", s);
  return out;
}

}  // namespace perfgate::util
