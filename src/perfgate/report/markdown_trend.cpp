// SPDX-License-Identifier: MIT
// The Markdown report's trend section: p95 of the endpoints that rose most, across the
// baseline's stored runs and this one, as one compact Mermaid chart.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "perfgate/report/markdown_sections.h"
#include "perfgate/report/number_format.h"
#include "perfgate/report/trend.h"

namespace perfgate::report::markdown {
namespace {

// Mermaid's xychart has no legend: each line's colour is named by a matching emoji.
struct Colour {
  const char* hex;
  const char* emoji;
};
constexpr Colour k_colours[] = {
    {"#1f77b4", "🔵"}, {"#ff7f0e", "🟠"}, {"#2ca02c", "🟢"}, {"#9467bd", "🟣"}};
constexpr size_t k_max_lines = std::size(k_colours);

std::vector<TrendLine> chartable(Trend& trend) {
  std::vector<TrendLine> lines;
  for (TrendLine& line : trend.lines) {
    if (line.complete() && lines.size() < k_max_lines) lines.push_back(std::move(line));
  }
  return lines;
}

std::string mermaid_trend(const Trend& trend, const std::vector<TrendLine>& lines) {
  std::vector<std::string> labels, palette;
  double top = 0;
  for (const TrendRun& run : trend.runs) labels.push_back("\"" + run.label + "\"");
  std::string text =
      "```mermaid\n%%{init: {\"themeVariables\": {\"xyChart\": {\"plotColorPalette\": \"";
  for (size_t i = 0; i < lines.size(); ++i) palette.push_back(k_colours[i].hex);
  text += fmt::format("{}\"}}}}}}}}%%\nxychart-beta\n", fmt::join(palette, ", "));
  text += fmt::format("    x-axis [{}]\n", fmt::join(labels, ", "));
  for (const TrendLine& line : lines) {
    for (const auto& value : line.p95_ms) top = std::max(top, *value);
  }
  text += fmt::format("    y-axis \"p95 (ms)\" 0 --> {:g}\n", std::ceil(top * 1.1 + 1));
  for (const TrendLine& line : lines) {
    std::vector<std::string> values;
    for (const auto& value : line.p95_ms) values.push_back(fmt::format("{:.2f}", *value));
    text += fmt::format("    line [{}]\n", fmt::join(values, ", "));
  }
  return text + "```\n\n";
}

std::string legend(const std::vector<TrendLine>& lines) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < lines.size(); ++i) {
    const TrendLine& line = lines[i];
    std::string name =
        line.endpoint.empty() ? std::string("all requests") : markdown_code(line.endpoint);
    parts.push_back(fmt::format("{} {} {} → {}", k_colours[i].emoji, name,
                                format_ms(*line.p95_ms.front()), format_ms(*line.p95_ms.back())));
  }
  return fmt::format("{} (p95, ms; oldest → newest)\n\n", fmt::join(parts, " · "));
}

}  // namespace

std::string section_trend(const Context& context, const Detail& detail, Omissions& omitted) {
  Trend trend = build_trend(context.input, k_all);
  if (trend.runs.empty() || trend.lines.empty()) return "";
  if (context.options.chart == ChartStyle::html_placeholder) {
    return std::string("#### Trend across commits\n\n") + k_trend_placeholder + "\n\n";
  }
  std::vector<TrendLine> lines = chartable(trend);
  if (lines.empty()) return "";
  if (!detail.chart) {
    omitted.push_back("the trend chart");
    return "";
  }
  std::string which = lines.size() == 1
                          ? std::string("p95")
                          : fmt::format("p95 of the {} endpoints that rose most", lines.size());
  std::string title =
      fmt::format("Trend across commits: {} over the last {} runs ({} last)", which,
                  trend.runs.size(), trend.runs.back().current ? "this run" : "the newest");
  return fold(context, title, mermaid_trend(trend, lines) + legend(lines));
}

}  // namespace perfgate::report::markdown
