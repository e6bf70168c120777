// SPDX-License-Identifier: MIT
// The JSON report ("schema": "perf-gate/report/v1", docs/reports.md): the verdict as stats
// writes it, plus what the other reports show — endpoint summaries of both runs, per-window
// series, the latency distribution, the notes and the baseline's history — so that any report
// can be rebuilt from it.
#pragma once

#include <string>

#include "perfgate/report/report_input.h"

namespace perfgate::report {

inline constexpr const char* k_report_schema = "perf-gate/report/v1";

struct JsonReportOptions {
  std::string id;                    // the marker id; empty: "<scenario>/<profile>"
  size_t max_total_points = 600;     // the total's series (0: every window)
  size_t max_endpoint_points = 120;  // each endpoint's series
};

// Pretty-printed JSON, ending in a newline.
std::string render_json(const ReportInput& input, const JsonReportOptions& options);

}  // namespace perfgate::report
