// SPDX-License-Identifier: MIT
// User-facing messages ("perf-gate: warning: …") and a debug log that costs one branch when off.
// Never call these from the engine's hot path: count there, report after the run.
#pragma once

#include <fmt/format.h>

#include <string_view>

namespace perfgate::util {

// Debug logging is on when PERFGATE_DEBUG is set in the environment.
bool debug_enabled();
void write_debug(std::string_view message);
void warn(std::string_view message);    // "perf-gate: warning: <message>" on stderr
void notice(std::string_view message);  // "perf-gate: <message>" on stderr

}  // namespace perfgate::util

#define PG_LOG(...)                                              \
  do {                                                           \
    if (::perfgate::util::debug_enabled()) {                     \
      ::perfgate::util::write_debug(::fmt::format(__VA_ARGS__)); \
    }                                                            \
  } while (false)
