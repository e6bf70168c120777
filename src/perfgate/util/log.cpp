// SPDX-License-Identifier: MIT
#include "perfgate/util/log.h"

#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace perfgate::util {
namespace {
std::mutex g_stderr_mutex;

void write_line(std::string_view prefix, std::string_view message) {
  std::lock_guard lock(g_stderr_mutex);
  fmt::print(stderr, "{}{}\n", prefix, message);
  std::fflush(stderr);
}
}  // namespace

bool debug_enabled() {
  static const bool enabled = std::getenv("PERFGATE_DEBUG") != nullptr;
  return enabled;
}

void write_debug(std::string_view message) {
  write_line("perf-gate: debug: ", message);
}
void warn(std::string_view message) {
  write_line("perf-gate: warning: ", message);
}
void notice(std::string_view message) {
  write_line("perf-gate: ", message);
}

}  // namespace perfgate::util
