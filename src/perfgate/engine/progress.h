// SPDX-License-Identifier: MIT
// Live progress on stderr: one refreshing line on a TTY, a plain line every ~5 s otherwise (CI
// logs). Rendering is a pure function; the printer only decides when and how to write.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "perfgate/engine/load_engine.h"

namespace perfgate::engine {

struct ProgressLine {
  std::chrono::microseconds elapsed{0};
  std::chrono::microseconds total{0};
  int stage = 0;  // 1-based
  int stages = 0;
  int64_t active_vus = 0;
  double rps = 0;         // over the last complete second
  double p95_ms = 0;      // over the last complete second
  double error_rate = 0;  // over the run so far, 0..1
  int64_t dropped = 0;
};

// "  12s/30s  stage 1/3  vus 20  rps 1234  p95 3.21ms  errors 0.00%"
std::string format_progress(const ProgressLine& line);

class ProgressPrinter {
 public:
  explicit ProgressPrinter(ProgressMode mode);
  // Called often (every ~100 ms); prints when it is time to.
  void update(std::chrono::steady_clock::time_point now, const ProgressLine& line);
  // Ends the refreshing line, so that what follows starts on a fresh one.
  void finish();

 private:
  ProgressMode m_mode;
  std::chrono::steady_clock::time_point m_last{};
  bool m_printed = false;
};

}  // namespace perfgate::engine
