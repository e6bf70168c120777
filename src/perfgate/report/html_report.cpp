// SPDX-License-Identifier: MIT
#include "perfgate/report/html_report.h"

#include <fmt/format.h>

#include "perfgate/report/escape.h"
#include "perfgate/report/gfm.h"
#include "perfgate/report/headline.h"
#include "perfgate/report/html_charts.h"
#include "perfgate/report/html_style.h"
#include "perfgate/report/markdown_report.h"
#include "perfgate/report/trend.h"

namespace perfgate::report {
namespace {

void replace_placeholder(std::string& body, const char* placeholder, const std::string& markup) {
  std::string line = std::string(placeholder) + "\n";
  if (size_t at = body.find(line); at != std::string::npos) body.replace(at, line.size(), markup);
}

}  // namespace

std::string render_html(const ReportInput& input, const HtmlOptions& options) {
  MarkdownOptions markdown_options;
  markdown_options.id = options.id;
  markdown_options.max_chars = 0;  // a file has no size limit
  markdown_options.chart = ChartStyle::html_placeholder;
  markdown_options.max_chart_points = 120;
  markdown_options.phase_endpoints = 10;
  markdown_options.collapse = false;
  std::string body = markdown_to_html(render_markdown(input, markdown_options));
  // cmark-gfm passes the placeholder comment through as an HTML block; untrusted text cannot
  // produce it (escaping turns every `<` into an entity).
  replace_placeholder(body, k_chart_placeholder, html_charts(input));
  replace_placeholder(body, k_trend_placeholder, html_trend_charts(input));
  return fmt::format(
      "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"color-scheme\" content=\"light dark\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; img-src data:\">\n"
      "<title>perf-gate: {}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n{}</main>\n"
      "</body>\n</html>\n",
      escape_html(one_line_summary(input.verdict)), k_html_style, body);
}

}  // namespace perfgate::report
