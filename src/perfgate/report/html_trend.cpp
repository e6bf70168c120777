// SPDX-License-Identifier: MIT
// The HTML report's trend charts: p95 and throughput of the endpoints that rose most, across
// the baseline's stored runs, with this run marked.
#include <fmt/format.h>

#include "perfgate/report/escape.h"
#include "perfgate/report/html_charts.h"
#include "perfgate/report/trend.h"

namespace perfgate::report {
namespace {

constexpr size_t k_max_lines = 6;  // the stylesheet's s-e0 … s-e5

SvgChart trend_svg(const Trend& trend, const std::string& title, const std::string& y_label,
                   std::vector<std::optional<double>> TrendLine::*values) {
  SvgChart chart{title, "runs by commit, oldest first", y_label, "", {}, {}, {}, {}};
  for (const TrendRun& run : trend.runs) chart.x_categories.push_back(run.label);
  if (trend.runs.back().current) {
    double last = static_cast<double>(trend.runs.size() - 1);
    chart.bands.push_back({last - 0.4, last + 0.4, "this run"});
  }
  for (size_t i = 0; i < trend.lines.size(); ++i) {
    const TrendLine& line = trend.lines[i];
    SvgSeries series{line.endpoint.empty() ? std::string("all requests") : line.endpoint,
                     fmt::format("s-e{}", i),
                     {},
                     Axis::left,
                     false,
                     {}};
    // A run without this endpoint leaves a gap in the points; the line joins across it.
    for (size_t run = 0; run < (line.*values).size(); ++run) {
      if ((line.*values)[run])
        series.points.emplace_back(static_cast<double>(run), *(line.*values)[run]);
    }
    chart.series.push_back(std::move(series));
  }
  return chart;
}

}  // namespace

std::string html_trend_charts(const ReportInput& input) {
  Trend trend = build_trend(input, k_max_lines);
  if (trend.runs.empty() || trend.lines.empty()) return "";
  std::string which = trend.lines.size() == 1
                          ? std::string("p95")
                          : fmt::format(
                                "p95 of the {} endpoints that rose most against their "
                                "earlier runs",
                                trend.lines.size());
  std::string caption =
      fmt::format("{} over the last {} runs of the baseline's history{}.", which, trend.runs.size(),
                  trend.runs.back().current ? ", this one last (shaded)" : "");
  return "<section class=\"charts\">\n" +
         fmt::format("<figure>{}<figcaption>{}</figcaption></figure>\n",
                     render_svg_chart(
                         trend_svg(trend, "p95 across commits", "p95 (ms)", &TrendLine::p95_ms)),
                     escape_html(caption)) +
         fmt::format(
             "<figure>{}<figcaption>{}</figcaption></figure>\n",
             render_svg_chart(trend_svg(trend, "Throughput across commits", "requests per second",
                                        &TrendLine::rps)),
             escape_html("Requests per second of the same endpoints, over the whole run.")) +
         "</section>\n";
}

}  // namespace perfgate::report
