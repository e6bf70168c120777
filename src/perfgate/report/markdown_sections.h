// SPDX-License-Identifier: MIT
// The sections of the Markdown report (internal to markdown_report.cpp and html_report.cpp).
// Each renders what the Detail level allows and records what it left out.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "perfgate/report/endpoint_rows.h"
#include "perfgate/report/markdown_report.h"
#include "perfgate/report/root_causes.h"
#include "perfgate/report/window_series.h"

namespace perfgate::report::markdown {

inline constexpr size_t k_all = std::numeric_limits<size_t>::max();

// How much detail to render; the budget loop lowers it step by step.
struct Detail {
  bool chart_table = true;  // the chart's data table in <details>
  bool phases = true;       // timing phases
  size_t passing_checks = k_all;
  size_t endpoint_rows = k_all;  // besides the total, which always stays
  bool chart = true;
  size_t problem_checks = k_all;  // failing, warning and no-data checks
  size_t notes = k_all;
};

// What the input gives, computed once for all detail levels.
struct Context {
  const ReportInput& input;
  const MarkdownOptions& options;
  std::vector<EndpointRow> rows;
  std::vector<WindowPoint> current_series;
  std::vector<WindowPoint> baseline_series;
  std::vector<const stats::Check*> checks;  // problems first (fail, warn, no_data), then passes
  std::vector<std::string> notes;           // warnings, escaped Markdown, most important first
  std::vector<std::string> method_notes;    // how the verdict was reached (shown with Method)
  RootCauses causes;
};

Context make_context(const ReportInput& input, const MarkdownOptions& options);

using Omissions = std::vector<std::string>;

// A section a reviewer opens when they want it: <details> in the PR comment (options.collapse),
// a heading in the HTML report. "" for empty content. `title` is trusted Markdown.
std::string fold(const Context& context, const std::string& title, const std::string& content);

std::string section_identity(const Context& context);
// What the gate could judge: checks by status, and the smallest changes it could detect.
std::string section_judged(const Context& context);
// The failing (then inconclusive, warning, no-data) checks, root causes first and their
// consequences together.
std::string section_problems(const Context& context, const Detail& detail, Omissions& omitted);
// Why requests failed: checks ✓/✗, status codes and error kinds per endpoint.
std::string section_failed_requests(const Context& context, const Detail& detail,
                                    Omissions& omitted);
std::string section_endpoints(const Context& context, const Detail& detail, Omissions& omitted);
std::string section_checks(const Context& context, const Detail& detail, Omissions& omitted);
std::string section_chart(const Context& context, const Detail& detail, Omissions& omitted);
std::string section_phases(const Context& context, const Detail& detail, Omissions& omitted);
std::string section_method(const Context& context);
std::string section_notes(const Context& context, const Detail& detail, Omissions& omitted);

}  // namespace perfgate::report::markdown

namespace perfgate::report::markdown {
// Each endpoint's p95 across the baseline's stored runs and this one (markdown_trend.cpp); only
// with two or more stored runs, dropped with the latency chart.
std::string section_trend(const Context& context, const Detail& detail, Omissions& omitted);
}  // namespace perfgate::report::markdown
