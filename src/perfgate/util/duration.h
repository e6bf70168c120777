// SPDX-License-Identifier: MIT
// Human durations as k6 writes them: "250ms", "5s", "1m30s", "2h", "1.5s"; a bare number is
// seconds.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace perfgate::util {

// nullopt when the text is not a valid non-negative duration. Units: us (or µs), ms, s, m, h.
std::optional<std::chrono::microseconds> parse_duration(std::string_view text);

// "1m30s", "250ms", "2h" — the shortest exact spelling, readable again by parse_duration.
std::string format_duration(std::chrono::microseconds duration);

}  // namespace perfgate::util
