// SPDX-License-Identifier: MIT
// The terminal verdict: the headline and a table of checks, coloured on a terminal and plain
// everywhere else. The renderer is pure; the caller decides colour (detect_color_mode).
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>

#include "perfgate/report/report_input.h"

namespace perfgate::report {

enum class ColorMode { never, always };

// Colour when `is_tty` and NO_COLOR is unset or empty (https://no-color.org); `no_color` is
// the value of the NO_COLOR environment variable, or nullptr.
ColorMode color_mode_for(bool is_tty, const char* no_color);
// The same for a stream: isatty(fileno(stream)) and getenv("NO_COLOR").
ColorMode detect_color_mode(std::FILE* stream);

struct ConsoleOptions {
  ColorMode color = ColorMode::never;
  // Failing, warning and no-data checks are always listed; passing ones up to this many.
  size_t max_passing_checks = 20;
};

// Several lines, each ending in '\n'. Untrusted text is cleaned of control characters, so no
// name can send terminal escape sequences.
std::string render_console(const ReportInput& input, const ConsoleOptions& options);

}  // namespace perfgate::report
