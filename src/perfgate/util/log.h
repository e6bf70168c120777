// SPDX-License-Identifier: MIT
// User-facing messages ("perf-gate: warning: …") and a debug log that costs one branch when off.
// Never call these from the engine's hot path: count there, report after the run.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace perfgate::util {

// Text that may hold untrusted parts (names, keys, server replies), made safe for a terminal
// and for a CI log: control characters other than line breaks and tabs (ESC, CR, C1 controls
// such as CSI, DEL) are shown escaped (\x1b, \r), and a line that would start with `::` or `##[`
// (a GitHub Actions workflow command such as ::set-output or ::error) gets a zero-width space
// between its first two characters, so the runner does not read it as a command.
std::string console_text(std::string_view text);

// Debug logging is on when PERFGATE_DEBUG is set in the environment.
bool debug_enabled();
void write_debug(std::string_view message);
// "perf-gate: warning: <message>" and "perf-gate: <message>" on stderr, through console_text.
void warn(std::string_view message);
void notice(std::string_view message);

}  // namespace perfgate::util

#define PG_LOG(...)                                              \
  do {                                                           \
    if (::perfgate::util::debug_enabled()) {                     \
      ::perfgate::util::write_debug(::fmt::format(__VA_ARGS__)); \
    }                                                            \
  } while (false)
