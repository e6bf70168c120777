// SPDX-License-Identifier: MIT
// The GitHub-flavoured Markdown report: the PR comment, the job summary and the check-run
// summary. Its first line tells everything; the rest is there to dig in, and is dropped in a
// stated order when the text would not fit the destination's size limit.
#pragma once

#include <cstddef>
#include <string>

#include "perfgate/report/escape.h"
#include "perfgate/report/headline.h"
#include "perfgate/report/report_input.h"

namespace perfgate::report {

// GitHub's limits. Sizes are counted in UTF-8 bytes, never fewer than the characters (or UTF-16
// code units) GitHub counts, so staying under them in bytes is always safe.
inline constexpr size_t k_pr_comment_limit = 65'536;
inline constexpr size_t k_check_run_summary_limit = 65'535;
inline constexpr size_t k_step_summary_limit = 1'048'576;

// Where the latency-over-time chart goes.
enum class ChartStyle {
  mermaid,           // a Mermaid `xychart-beta` block (GitHub renders it)
  html_placeholder,  // the comment k_chart_placeholder, replaced by html_report with SVG
};
inline constexpr const char* k_chart_placeholder = "<!-- perf-gate:charts -->";

struct MarkdownOptions {
  // The marker id (`<!-- perf-gate:<id> -->`); empty: "<scenario>/<profile>". Sanitized.
  std::string id;
  // The largest output in bytes; 0: no limit. Detail is dropped, in the order docs/reports.md
  // states, until the report fits.
  size_t max_chars = k_pr_comment_limit;
  // Where the full report is, for the note that says what was dropped; trusted Markdown (a link
  // to the workflow run or the artifact's name). Empty: "the HTML and JSON reports".
  std::string full_report_hint;
  // The chart: at most this many points (adjacent windows merge).
  size_t max_chart_points = 60;
  // Timing phases of this many slowest endpoints.
  size_t phase_endpoints = 5;
  ChartStyle chart = ChartStyle::mermaid;
  // Everything past the verdict, the problems and the endpoint table goes into <details>
  // (a PR comment a reviewer reads in ten seconds); false: plain sections (the HTML report).
  bool collapse = true;
};

// The report. Pure: the same input gives the same text.
std::string render_markdown(const ReportInput& input, const MarkdownOptions& options);

// The marker id a verdict gets by default: "<scenario>/<profile>", sanitized.
std::string default_report_id(const stats::Verdict& verdict);

}  // namespace perfgate::report
