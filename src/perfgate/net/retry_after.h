// SPDX-License-Identifier: MIT
// Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace perfgate::net {

// How long to wait before the next request, or nullopt when the value is neither a
// non-negative integer number of seconds nor an HTTP-date (IMF-fixdate, RFC 850 or asctime).
// A date in the past means "now" (zero). `now` is the wall clock the date is measured against.
std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now);

}  // namespace perfgate::net
