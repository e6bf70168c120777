// SPDX-License-Identifier: MIT
// The trend across commits: each endpoint's p95 and throughput over the baseline's stored
// history of runs, with this run last, for the Markdown (Mermaid) and HTML (SVG) trend charts.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "perfgate/report/report_input.h"

namespace perfgate::report {

// Where the HTML report puts its SVG trend charts (the Markdown in html_placeholder style).
inline constexpr const char* k_trend_placeholder = "<!-- perf-gate:trend -->";

struct TrendRun {
  // A short, safe name for the axis: the sha's first 7 letters and digits, "run N" without one,
  // "this run" for the run the report is about.
  std::string label;
  bool current = false;
};

// One endpoint across the runs (one value per TrendRun; empty where the run lacks it).
struct TrendLine {
  std::string endpoint;  // empty: all requests
  std::vector<std::optional<double>> p95_ms;
  std::vector<std::optional<double>> rps;

  // A value in every run (Mermaid's xychart cannot leave a gap).
  bool complete() const;
};

struct Trend {
  std::vector<TrendRun> runs;  // oldest first; this run, when known, is the last
  // Endpoints of the newest run, the largest rise of p95 against their median over the earlier
  // runs first; at most the `max_lines` asked for.
  std::vector<TrendLine> lines;
};

// The trend, or an empty one (no runs) when the baseline holds fewer than two runs: there is
// no trend to draw yet. The current run is added after the history unless the history already
// ends with it (same sha and start time: the store folded it in before the report).
Trend build_trend(const ReportInput& input, size_t max_lines);

}  // namespace perfgate::report
