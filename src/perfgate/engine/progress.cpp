// SPDX-License-Identifier: MIT
#include "perfgate/engine/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace perfgate::engine {
namespace {

std::string seconds(std::chrono::microseconds duration) {
  return fmt::format("{}s", duration.count() / 1'000'000);
}

}  // namespace

std::string format_progress(const ProgressLine& line) {
  std::string text =
      fmt::format("{}/{}  stage {}/{}  vus {}  rps {:.0f}  p95 {:.2f}ms  errors {:.2f}%",
                  seconds(line.elapsed), seconds(line.total), line.stage, line.stages,
                  line.active_vus, line.rps, line.p95_ms, line.error_rate * 100);
  if (line.dropped > 0) text += fmt::format("  dropped {}", line.dropped);
  return text;
}

ProgressPrinter::ProgressPrinter(ProgressMode mode) : m_mode(mode) {
  if (m_mode == ProgressMode::automatic) {
    m_mode = isatty(STDERR_FILENO) ? ProgressMode::tty : ProgressMode::plain;
  }
}

void ProgressPrinter::update(std::chrono::steady_clock::time_point now, const ProgressLine& line) {
  if (m_mode == ProgressMode::off) return;
  auto every =
      m_mode == ProgressMode::tty ? std::chrono::milliseconds(500) : std::chrono::seconds(5);
  if (m_printed && now - m_last < every) return;
  if (!m_printed && m_mode == ProgressMode::plain && line.elapsed < std::chrono::seconds(5)) return;
  m_last = now;
  m_printed = true;
  if (m_mode == ProgressMode::tty) {
    fmt::print(stderr, "\r\x1b[K{}", format_progress(line));
  } else {
    fmt::print(stderr, "perf-gate: {}\n", format_progress(line));
  }
  std::fflush(stderr);
}

void ProgressPrinter::finish() {
  if (m_mode == ProgressMode::tty && m_printed) {
    fmt::print(stderr, "\n");
    std::fflush(stderr);
  }
}

}  // namespace perfgate::engine
