// SPDX-License-Identifier: MIT
// The HTML report's charts: partial windows, per-endpoint charts, the axes' room.
#include "perfgate/report/html_charts.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <regex>

#include "perfgate/report/html_report.h"
#include "report/report_fixtures.h"

namespace perfgate::report {
namespace {

using test::count_of;

// A 10 s run that ended 0.3 s into its eleventh window, with 17 of its usual 1,000 requests.
results::RunResult run_with_a_cut_off_last_window() {
  results::RunResult run = test::make_run({{"login", 20, 1000}}, 11);
  run.meta.duration = std::chrono::milliseconds(10'300);
  metrics::EndpointWindow& last = run.metrics.endpoints[0].windows.back();
  metrics::Histogram few;
  for (int i = 0; i < 17; ++i) few.record(900'000);  // 900 ms: the slow stragglers
  last.requests = 17;
  last.latency = metrics::CompactHistogram::from(few);
  return run;
}

TEST(WindowSeriesTest, TheLastWindowIsAsLongAsTheRunLeftOfIt) {
  std::vector<WindowPoint> points = total_series(run_with_a_cut_off_last_window(), 0);
  ASSERT_EQ(points.size(), 11u);
  EXPECT_NEAR(points.back().length_s, 0.3, 1e-9);
  EXPECT_TRUE(points.back().partial());
  EXPECT_FALSE(points.front().partial());
  EXPECT_DOUBLE_EQ(points.front().length_s, 1);
}

TEST(WindowSeriesTest, MarksAWindowWithFewRequests) {
  std::vector<WindowPoint> points = total_series(run_with_a_cut_off_last_window(), 0);
  EXPECT_TRUE(points.back().few_requests);
  EXPECT_FALSE(points[5].few_requests);
}

TEST(WindowSeriesTest, AnEndpointsSeriesHasTheSameLengths) {
  results::RunResult run = run_with_a_cut_off_last_window();
  std::vector<WindowPoint> points = endpoint_series(run, run.metrics.endpoints[0], 0);
  EXPECT_NEAR(points.back().length_s, 0.3, 1e-9);
}

TEST(WindowSeriesTest, AnUnknownDurationLeavesWindowsFull) {
  results::RunResult run = run_with_a_cut_off_last_window();
  run.meta.duration = {};
  EXPECT_DOUBLE_EQ(total_series(run, 0).back().length_s, 1);
}

TEST(WindowSeriesTest, AShorterLastGroupIsPartial) {
  results::RunResult run = test::make_run({{"a", 10}}, 10);
  std::vector<WindowPoint> points = total_series(run, 4);  // groups of 3: 3, 3, 3, 1
  ASSERT_EQ(points.size(), 4u);
  EXPECT_DOUBLE_EQ(points.back().length_s, 1);
  EXPECT_DOUBLE_EQ(points.back().full_length_s, 3);
  EXPECT_TRUE(points.back().partial());
}

// The markup of the chart with this title.
std::string chart_titled(const std::string& html, const std::string& title) {
  size_t at = html.find("aria-label=\"" + title + "\"");
  EXPECT_NE(at, std::string::npos) << title;
  return html.substr(at, html.find("</svg>", at) - at);
}

TEST(HtmlChartsTest, DrawsAPartialWindowDottedAndNotAsADrop) {
  results::RunResult run = run_with_a_cut_off_last_window();
  stats::Verdict verdict = test::failing_verdict();
  std::string html = render_html({verdict, &run}, {});
  std::string latency = chart_titled(html, "Latency percentiles over time");
  EXPECT_EQ(count_of(latency, "line uncertain"), 3u);  // p50, p95, p99
  EXPECT_EQ(count_of(latency, "marker"), 3u);
  std::string traffic = chart_titled(html, "Requests and errors over time");
  EXPECT_EQ(count_of(traffic, "s-req line uncertain"), 1u);
}

TEST(HtmlChartsTest, ScalesAPartialWindowsRateToItsLength) {
  // 17 requests in 0.3 s are 57/s, not 17/s: the line does not plunge at the end.
  std::vector<WindowPoint> points = total_series(run_with_a_cut_off_last_window(), 0);
  EXPECT_NEAR(static_cast<double>(points.back().requests) / points.back().length_s, 56.7, 0.1);
}

TEST(HtmlChartsTest, DrawsOneLatencyChartPerEndpoint) {
  test::FailingRuns runs;
  stats::Verdict verdict = test::failing_verdict();
  std::string html = render_html({verdict, &runs.current, &runs.baseline}, {});
  EXPECT_EQ(count_of(html, "<svg class=\"chart\""), 6u);
  for (const char* name : {"login", "search", "cart"}) {
    EXPECT_NE(html.find(std::string("aria-label=\"") + name + "\""), std::string::npos) << name;
  }
  // Worst first: login failed its checks.
  EXPECT_LT(html.find("aria-label=\"login\""), html.find("aria-label=\"search\""));
}

TEST(HtmlChartsTest, KeepsTwelveEndpointChartsAndSaysSo) {
  std::vector<test::EndpointShape> shapes;
  for (int i = 0; i < 15; ++i) shapes.push_back({fmt::format("endpoint-{}", i), 10.0 + i});
  results::RunResult run = test::make_run(shapes, 10);
  stats::Verdict verdict = test::failing_verdict();
  std::string html = render_html({verdict, &run}, {});
  EXPECT_EQ(count_of(html, "<svg class=\"chart\""), 3u + 12u);
  EXPECT_NE(html.find("the 12 worst of 15"), std::string::npos);
}

TEST(SvgChartTest, LeavesRoomForTheLastPercentileLabel) {
  SvgChart chart{"d", "percentile", "ms", "", XScale::percentile, {}, {}, {}};
  chart.series.push_back({"run", "s-cur", {{0, 1}, {99.999, 5}}, Axis::left, false, {}});
  std::string svg = render_svg_chart(chart);
  std::smatch match;
  ASSERT_TRUE(std::regex_search(svg, match, std::regex("x=\"([0-9.]+)\"[^>]*>99\\.999%<")));
  // Centred; "99.999%" is about 7 characters of 7 px.
  EXPECT_LE(std::stod(match[1]) + 3.5 * 7, 600.0);
}

TEST(SvgChartTest, LabelsCategoriesAndKeepsTheLast) {
  SvgChart chart{"t", "runs", "ms", "", XScale::linear, {}, {}, {}};
  for (int i = 0; i < 30; ++i) chart.x_categories.push_back(fmt::format("c{}", i));
  chart.series.push_back({"a", "s-e0", {{0, 1}, {29, 2}}, Axis::left, false, {}});
  std::string svg = render_svg_chart(chart);
  EXPECT_NE(svg.find(">c29<"), std::string::npos);
  EXPECT_LE(count_of(svg, "text-anchor=\"middle\">c"), 8u);
}

}  // namespace
}  // namespace perfgate::report
