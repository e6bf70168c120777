// SPDX-License-Identifier: MIT
// "Did you mean …?" for names a user typed: scenario keys, profiles, thresholds sections.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace perfgate::util {

// The closest of `candidates` to `word` (case-insensitive edit distance, at most about a third
// of the word's length), or "" when none is close.
std::string closest_match(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace perfgate::util
