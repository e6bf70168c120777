// SPDX-License-Identifier: MIT
#include "perfgate/report/markdown_report.h"

#include <gtest/gtest.h>

#include "perfgate/report/gfm.h"
#include "report/golden.h"
#include "report/report_fixtures.h"

namespace perfgate::report {
namespace {

using test::count_of;

using Runs = test::FailingRuns;

TEST(MarkdownReportTest, FailingVerdictWithRunsMatchesGolden) {
  Runs runs;
  stats::Verdict verdict = test::failing_verdict();
  test::expect_golden("failing_with_runs.md",
                      render_markdown({verdict, &runs.current, &runs.baseline}, {}));
}

TEST(MarkdownReportTest, VerdictAloneMatchesGolden) {
  stats::Verdict verdict = test::failing_verdict();
  test::expect_golden("verdict_only.md", render_markdown({verdict}, {}));
}

TEST(MarkdownReportTest, NoBaselineMatchesGolden) {
  Runs runs;
  stats::Verdict verdict;
  verdict.current = {"checkout", "stress", "0123456789abcdef", "2026-11-22T04:00:00Z", 1};
  verdict.checks = {
      test::threshold("", "p95_ms", "p(95)<500", 500, 480, stats::Status::pass),
      test::threshold("", "error_rate", "rate<0.001", 0.001, 0.0125, stats::Status::fail)};
  verdict.finalize();
  runs.current.metrics.dropped_iterations = 42;
  runs.current.meta.generator.p99_loop_lag_ms = 35;
  runs.current.meta.generator.max_loop_lag_ms = 300;
  runs.current.meta.generator.cpu_percent = 98;
  test::expect_golden("no_baseline.md", render_markdown({verdict, &runs.current}, {}));
}

TEST(MarkdownReportTest, FirstLineIsTheHeadline) {
  stats::Verdict verdict = test::failing_verdict();
  std::string markdown = render_markdown({verdict}, {});
  EXPECT_EQ(markdown.substr(0, markdown.find('\n')), "### " + markdown_headline(verdict));
}

TEST(MarkdownReportTest, MarkerDefaultsToScenarioAndProfile) {
  stats::Verdict verdict = test::failing_verdict();
  EXPECT_EQ(count_of(render_markdown({verdict}, {}), "<!-- perf-gate:checkout/stress -->"), 1u);
}

TEST(MarkdownReportTest, MarkerIdCanBeOverriddenAndIsSanitized) {
  stats::Verdict verdict = test::failing_verdict();
  MarkdownOptions options;
  options.id = "nightly --> <b>";
  EXPECT_EQ(count_of(render_markdown({verdict}, options), "<!-- perf-gate:nightly-b -->"), 1u);
}

TEST(MarkdownReportTest, ChartIsMermaidWithTableFallback) {
  Runs runs;
  stats::Verdict verdict = test::failing_verdict();
  std::string markdown = render_markdown({verdict, &runs.current, &runs.baseline}, {});
  EXPECT_NE(markdown.find("```mermaid\n"), std::string::npos);
  EXPECT_NE(markdown.find("xychart-beta"), std::string::npos);
  EXPECT_NE(markdown.find("<details><summary>p95 per window as a table</summary>"),
            std::string::npos);
}

TEST(MarkdownReportTest, ChartIsDownsampledToMaxPoints) {
  results::RunResult run = test::make_run({{"a", 10, 5}}, 600);
  stats::Verdict verdict = test::failing_verdict();
  std::string markdown = render_markdown({verdict, &run}, {});
  size_t line = markdown.find("    line [");
  ASSERT_NE(line, std::string::npos);
  std::string values = markdown.substr(line, markdown.find('\n', line) - line);
  EXPECT_EQ(count_of(values, ","), 59u);  // 600 windows, merged 10 by 10
}

TEST(MarkdownReportTest, TablesRenderAsHtmlTables) {
  Runs runs;
  stats::Verdict verdict = test::failing_verdict();
  std::string html =
      markdown_to_html(render_markdown({verdict, &runs.current, &runs.baseline}, {}));
  // Endpoints, failed requests, checks, the chart's data table and the timing phases.
  EXPECT_EQ(count_of(html, "<table>"), 5u);
  EXPECT_EQ(count_of(html, "<td"), count_of(html, "</td>"));
}

// Every hostile name at once: a pipe to break the table, a newline, markup, a script, a
// mention, a fake marker.
const char* const k_hostile =
    "a|b\nc <script>alert(1)</script> @octocat <!-- perf-gate:x --> <img src=x onerror=alert(1)>";

stats::Verdict hostile_verdict() {
  stats::Verdict verdict = test::failing_verdict();
  for (stats::Check& check : verdict.checks) check.endpoint = k_hostile;
  verdict.checks[0].explanation = k_hostile;
  verdict.notes.push_back(k_hostile);
  verdict.current.git_sha = "@admin<!--";
  return verdict;
}

TEST(MarkdownReportTest, HostileNamesCannotBreakTables) {
  stats::Verdict verdict = hostile_verdict();
  results::RunResult run = test::make_run({{k_hostile, 10}}, 10);
  std::string html = markdown_to_html(render_markdown({verdict, &run}, {}));
  // Same number of columns in every row of the endpoint table: 6.
  size_t table = html.find("<table>");
  size_t end = html.find("</table>", table);
  std::string endpoints = html.substr(table, end - table);
  EXPECT_EQ(count_of(endpoints, "<td"), 6 * count_of(endpoints, "<tr>") - 6 * 1);
}

TEST(MarkdownReportTest, HostileNamesCannotInjectHtmlMentionsOrMarkers) {
  stats::Verdict verdict = hostile_verdict();
  results::RunResult run = test::make_run({{k_hostile, 10}}, 10);
  std::string markdown = render_markdown({verdict, &run}, {});
  std::string html = markdown_to_html(markdown);
  EXPECT_EQ(count_of(html, "<script"), 0u);
  EXPECT_EQ(count_of(html, "<img"), 0u) << html;
  EXPECT_EQ(count_of(markdown, "@octocat"), 0u);
  EXPECT_EQ(count_of(markdown, "@admin"), 0u);
  EXPECT_EQ(count_of(markdown, "<!-- perf-gate:"), 1u);
  EXPECT_EQ(count_of(html, "<!-- perf-gate:"), 1u);
}

stats::Verdict huge_verdict(size_t endpoints) {
  stats::Verdict verdict = test::failing_verdict();
  for (size_t i = 0; i < endpoints; ++i) {
    std::string name = "endpoint-" + std::to_string(i) + std::string(60, 'x');
    stats::Status status = i % 50 == 0 ? stats::Status::fail : stats::Status::pass;
    for (const char* metric : {"p50_ms", "p95_ms", "p99_ms"}) {
      verdict.checks.push_back(test::regression(name, metric, 100, 101, status, 0.5));
    }
  }
  verdict.finalize();
  return verdict;
}

TEST(MarkdownBudgetTest, FiveHundredEndpointsFitAPullRequestComment) {
  stats::Verdict verdict = huge_verdict(500);
  std::vector<test::EndpointShape> shapes;
  for (size_t i = 0; i < 500; ++i) shapes.push_back({"endpoint-" + std::to_string(i), 10, 2});
  results::RunResult run = test::make_run(shapes, 120);
  MarkdownOptions options;
  options.full_report_hint = "[the HTML report](https://example.invalid/run)";
  std::string markdown = render_markdown({verdict, &run, &run}, options);
  EXPECT_LE(markdown.size(), k_pr_comment_limit);
  EXPECT_NE(markdown.find("Shortened to fit 65,536 characters"), std::string::npos);
  EXPECT_NE(markdown.find("passing checks"), std::string::npos);
  EXPECT_NE(markdown.find("the HTML report](https://example.invalid/run)"), std::string::npos);
  EXPECT_EQ(count_of(markdown, "<!-- perf-gate:checkout/stress -->"), 1u);
  // The failing checks stay.
  EXPECT_NE(markdown.find("endpoint-0xxx"), std::string::npos);
}

TEST(MarkdownBudgetTest, DropsDetailInTheStatedOrder) {
  Runs runs;
  stats::Verdict verdict = test::failing_verdict();
  MarkdownOptions options;
  options.max_chars = 0;
  std::string full = render_markdown({verdict, &runs.current, &runs.baseline}, options);
  options.max_chars = full.size() - 1;
  std::string shorter = render_markdown({verdict, &runs.current, &runs.baseline}, options);
  EXPECT_LE(shorter.size(), options.max_chars);
  EXPECT_NE(shorter.find("left out the chart's data table."), std::string::npos);
  EXPECT_NE(shorter.find("```mermaid"), std::string::npos);
}

TEST(MarkdownBudgetTest, TinyLimitKeepsHeadlineAndMarker) {
  stats::Verdict verdict = huge_verdict(50);
  MarkdownOptions options;
  options.max_chars = 2000;
  std::string markdown = render_markdown({verdict}, options);
  EXPECT_LE(markdown.size(), 2000u);
  EXPECT_EQ(markdown.rfind("### ❌ **FAIL**", 0), 0u);
  EXPECT_EQ(count_of(markdown, "<!-- perf-gate:checkout/stress -->"), 1u);
}

TEST(MarkdownBudgetTest, StepSummaryLimitKeepsEverythingForMidSizeReports) {
  stats::Verdict verdict = huge_verdict(100);
  MarkdownOptions options;
  options.max_chars = k_step_summary_limit;
  std::string markdown = render_markdown({verdict}, options);
  EXPECT_EQ(markdown.find("Shortened"), std::string::npos);
}

}  // namespace
}  // namespace perfgate::report
