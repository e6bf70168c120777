// SPDX-License-Identifier: MIT
#include "perfgate/results/time_format.h"

#include <fmt/format.h>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <ctime>

namespace perfgate::results {

std::string format_rfc3339(std::chrono::system_clock::time_point time) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  if (ms < 0 && ms % 1000 != 0) --seconds;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                     ((ms % 1000) + 1000) % 1000);
}

std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view text) {
  std::string copy(text);
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, consumed = 0;
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute,
                  &second, &consumed) != 6) {
    return std::nullopt;
  }
  // system_clock counts nanoseconds in 64 bits: about 1678..2262. Keep well inside.
  if (year < 1970 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
      minute > 59 || second < 0 || second > 60) {
    return std::nullopt;
  }
  // The fraction is read digit by digit, not as a double: "04.196" read as 4.196 is
  // 4.19599999… seconds, which would write back as ".195" and give the run another run id.
  auto at = static_cast<size_t>(consumed);
  std::chrono::nanoseconds fraction{0};
  if (at < copy.size() && copy[at] == '.') {
    ++at;
    size_t digits = 0;
    int64_t scale = 100'000'000;
    for (; at < copy.size() && std::isdigit(static_cast<unsigned char>(copy[at])); ++at, ++digits) {
      fraction += std::chrono::nanoseconds((copy[at] - '0') * scale);
      scale /= 10;
    }
    if (digits == 0) return std::nullopt;
  }
  consumed = static_cast<int>(at);
  std::string_view zone = std::string_view(copy).substr(static_cast<size_t>(consumed));
  int offset_minutes = 0;
  if (zone == "Z" || zone == "z") {
    offset_minutes = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    int oh = 0, om = 0;
    if (std::sscanf(std::string(zone.substr(1)).c_str(), "%2d:%2d", &oh, &om) != 2)
      return std::nullopt;
    offset_minutes = (zone[0] == '+' ? 1 : -1) * (oh * 60 + om);
  } else {
    return std::nullopt;
  }
  std::chrono::sys_days date = std::chrono::year_month_day{
      std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
      std::chrono::day{static_cast<unsigned>(day)}};
  auto time = std::chrono::system_clock::time_point(date) + std::chrono::hours(hour) +
              std::chrono::minutes(minute - offset_minutes) + std::chrono::seconds(second) +
              std::chrono::duration_cast<std::chrono::system_clock::duration>(fraction);
  return time;
}

}  // namespace perfgate::results
