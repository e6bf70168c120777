// SPDX-License-Identifier: MIT
// A minimal UTF-8 decoder and encoder for the escapers: invalid input decodes to U+FFFD, so
// untrusted bytes can never produce malformed output.
#pragma once

#include <string>
#include <string_view>

namespace perfgate::report {

inline constexpr char32_t k_replacement_char = 0xFFFD;

// Decodes the code point at `pos` and advances `pos` past it (by at least one byte).
// REQUIRES: pos < text.size().
char32_t next_code_point(std::string_view text, size_t& pos);

void append_utf8(std::string& out, char32_t code_point);

// The text with every invalid sequence replaced by U+FFFD (JSON writers reject invalid UTF-8).
std::string valid_utf8(std::string_view text);

}  // namespace perfgate::report
