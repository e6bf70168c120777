// SPDX-License-Identifier: MIT
// The notes every report shows under the numbers: no baseline, too little data, dropped
// iterations and samples, an interrupted run, a saturated generator, the stats' own notes.
#pragma once

#include <string>
#include <vector>

#include "perfgate/report/report_input.h"

namespace perfgate::report {

struct Note {
  enum class Level { warning, info };
  Level level = Level::warning;
  std::string text;  // plain text, may hold untrusted parts: renderers escape it
};

// Warnings first, then information, each in a fixed order.
std::vector<Note> report_notes(const ReportInput& input);

// Loop lag above these means the generator fell behind its own schedule, so the latencies
// describe the generator as much as the target.
inline constexpr double k_saturated_p99_lag_ms = 20.0;
inline constexpr double k_saturated_max_lag_ms = 250.0;

}  // namespace perfgate::report
