// SPDX-License-Identifier: MIT
#include "perfgate/util/log.h"

#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace perfgate::util {
namespace {
std::mutex g_stderr_mutex;

constexpr std::string_view k_zero_width_space = "\u200b";

// The start of a line the Actions runner would take as a workflow command (it ignores leading
// white space).
bool starts_command(std::string_view line) {
  size_t first = line.find_first_not_of(" \t");
  if (first == std::string_view::npos) return false;
  line.remove_prefix(first);
  return line.starts_with("::") || line.starts_with("##[");
}

void write_line(std::string_view prefix, std::string_view message) {
  std::string safe = console_text(message);
  std::lock_guard lock(g_stderr_mutex);
  fmt::print(stderr, "{}{}\n", prefix, safe);
  std::fflush(stderr);
}
}  // namespace

std::string console_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool line_start = true;
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (line_start && starts_command(text.substr(i))) {
      size_t first = text.find_first_not_of(" \t", i);
      out.append(text.substr(i, first - i + 1));
      out.append(k_zero_width_space);
      i = first;
      line_start = false;
      continue;
    }
    line_start = c == '\n';
    if (c == '\n' || c == '\t') {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20 || c == 0x7f) {
      out.append(c == '\r' ? "\\r" : fmt::format("\\x{:02x}", c));
    } else if (c == 0xc2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
      out.append(fmt::format("\\u{:04x}", static_cast<unsigned char>(text[i + 1])));  // C1
      ++i;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

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
