// SPDX-License-Identifier: MIT
#include "perfgate/report/trend.h"

#include <gtest/gtest.h>

#include "perfgate/report/html_report.h"
#include "perfgate/report/markdown_report.h"
#include "report/golden.h"
#include "report/trend_fixtures.h"

namespace perfgate::report {
namespace {

using test::count_of;

struct History {
  stats::Verdict verdict = test::failing_verdict();
  stats::Baseline baseline = test::baseline_with_history(5);
  results::RunResult current =
      test::make_run({{"login", 420}, {"search", 20, 80}, {"cart", 35, 30, 1}}, 20);
  ReportInput input() const { return {verdict, &current, &baseline.latest, &baseline}; }
};

TEST(TrendTest, PutsThisRunAfterTheStoredHistory) {
  History history;
  Trend trend = build_trend(history.input(), 10);
  ASSERT_EQ(trend.runs.size(), 6u);
  EXPECT_EQ(trend.runs.front().label, "a11ce00");
  EXPECT_EQ(trend.runs.back().label, "this run");
  EXPECT_TRUE(trend.runs.back().current);
  EXPECT_FALSE(trend.runs.front().current);
}

TEST(TrendTest, RanksTheEndpointThatRoseMostFirst) {
  History history;
  Trend trend = build_trend(history.input(), 2);
  ASSERT_EQ(trend.lines.size(), 2u);
  EXPECT_EQ(trend.lines[0].endpoint, "login");
  ASSERT_EQ(trend.lines[0].p95_ms.size(), 6u);
  EXPECT_GT(*trend.lines[0].p95_ms.back(), *trend.lines[0].p95_ms.front());
  EXPECT_TRUE(trend.lines[0].complete());
}

TEST(TrendTest, DoesNotRepeatARunTheStoreAlreadyHolds) {
  History history;
  history.current = test::commit_run(4);
  EXPECT_EQ(build_trend(history.input(), 10).runs.size(), 5u);
}

TEST(TrendTest, NeedsTwoStoredRuns) {
  History history;
  history.baseline = test::baseline_with_history(1);
  EXPECT_TRUE(build_trend(history.input(), 10).runs.empty());
  EXPECT_TRUE(build_trend({history.verdict, &history.current}, 10).runs.empty());
}

TEST(TrendTest, AnEndpointMissingFromARunLeavesAGap) {
  History history;
  history.current = test::make_run({{"login", 420}, {"search", 20}, {"new", 5}}, 20);
  Trend trend = build_trend(history.input(), 10);
  auto line = std::find_if(trend.lines.begin(), trend.lines.end(),
                           [](const TrendLine& l) { return l.endpoint == "new"; });
  ASSERT_NE(line, trend.lines.end());
  EXPECT_FALSE(line->p95_ms.front().has_value());
  EXPECT_FALSE(line->complete());
}

TEST(MarkdownTrendTest, MatchesGolden) {
  History history;
  test::expect_golden("failing_with_history.md", render_markdown(history.input(), {}));
}

TEST(MarkdownTrendTest, IsOneCompactMermaidChartMarkingThisRun) {
  History history;
  std::string text = render_markdown(history.input(), {});
  size_t section = text.find("<details><summary>Trend across commits");
  ASSERT_NE(section, std::string::npos);
  std::string trend = text.substr(section, text.find("</details>", section) - section);
  EXPECT_EQ(count_of(trend, "xychart-beta"), 1u);
  EXPECT_EQ(count_of(trend, "    line ["), 3u);
  EXPECT_NE(trend.find("\"this run\"]"), std::string::npos);
  EXPECT_LT(trend.size(), 1500u);
}

TEST(MarkdownTrendTest, IsLeftOutWithOneStoredRun) {
  History history;
  history.baseline = test::baseline_with_history(1);
  EXPECT_EQ(render_markdown(history.input(), {}).find("Trend across commits"), std::string::npos);
}

TEST(MarkdownTrendTest, IsDroppedWithTheLatencyChartWhenOverBudget) {
  History history;
  size_t dropped = 0;
  for (size_t limit = 1000; limit <= 6000; limit += 250) {
    MarkdownOptions options;
    options.max_chars = limit;
    std::string text = render_markdown(history.input(), options);
    EXPECT_LE(text.size(), limit);
    if (text.find("the latency chart") == std::string::npos) continue;
    ++dropped;
    EXPECT_EQ(text.find("Trend across commits"), std::string::npos) << limit;
    EXPECT_NE(text.find("the trend chart"), std::string::npos) << limit;
  }
  EXPECT_GT(dropped, 0u);
}

TEST(HtmlTrendTest, DrawsP95AndThroughputAcrossCommits) {
  History history;
  std::string html = render_html(history.input(), {});
  EXPECT_NE(html.find("aria-label=\"p95 across commits\""), std::string::npos);
  EXPECT_NE(html.find("aria-label=\"Throughput across commits\""), std::string::npos);
  EXPECT_NE(html.find(">this run</text>"), std::string::npos);
  EXPECT_EQ(count_of(html, k_trend_placeholder), 0u);
  EXPECT_EQ(count_of(html, "```mermaid"), 0u);
}

}  // namespace
}  // namespace perfgate::report
