// SPDX-License-Identifier: MIT
// RFC 3339 timestamps (UTC, millisecond precision) for files and payloads.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace perfgate::results {

std::string format_rfc3339(std::chrono::system_clock::time_point time);
// Accepts "2026-11-22T04:43:00Z", fractional seconds, and numeric offsets ("+02:00").
std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view text);

}  // namespace perfgate::results
