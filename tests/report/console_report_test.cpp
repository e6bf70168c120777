// SPDX-License-Identifier: MIT
#include "perfgate/report/console_report.h"

#include <gtest/gtest.h>

#include "perfgate/report/headline.h"
#include "report/report_fixtures.h"

namespace perfgate::report {
namespace {

TEST(ConsoleReportTest, PlainModeHasNoEscapeSequences) {
  stats::Verdict verdict = test::failing_verdict();
  std::string text = render_console({verdict}, {});
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(text.substr(0, text.find('\n')), one_line_summary(verdict));
}

TEST(ConsoleReportTest, ColorModeColoursTheStatus) {
  stats::Verdict verdict = test::failing_verdict();
  std::string text = render_console({verdict}, {ColorMode::always});
  EXPECT_EQ(text.rfind("\x1b[1;31mFAIL\x1b[0m", 0), 0u);
}

TEST(ConsoleReportTest, ListsProblemsFirstInAlignedColumns) {
  stats::Verdict verdict = test::failing_verdict();
  std::string text = render_console({verdict}, {});
  size_t header = text.find("  STATUS  CHECK");
  ASSERT_NE(header, std::string::npos);
  size_t first = text.find('\n', header) + 1;
  EXPECT_EQ(text.substr(first, 22), "  FAIL    p95 of login");
  size_t check_column = text.find("CHECK", header) - header;
  size_t pass_line = text.find("  PASS");
  EXPECT_EQ(text.substr(pass_line + check_column, 6), "p95 of");
}

TEST(ConsoleReportTest, HostileNamesCannotSendEscapeSequences) {
  stats::Verdict verdict = test::failing_verdict();
  verdict.checks[0].endpoint = "x\x1b]0;pwned\x07\x1b[2J";
  verdict.notes.push_back("note\x1b[31m");
  std::string text = render_console({verdict}, {});
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(text.find('\x07'), std::string::npos);
}

TEST(ConsoleReportTest, PassingChecksBeyondTheLimitAreCounted) {
  stats::Verdict verdict = test::failing_verdict();
  ConsoleOptions options;
  options.max_passing_checks = 1;
  std::string text = render_console({verdict}, options);
  EXPECT_NE(text.find("… and 3 more passing checks"), std::string::npos);
}

TEST(ConsoleReportTest, AnErrorRatesChangeIsInPercentagePointsAsInMarkdown) {
  // 0.10 % → 0.12 % is +0.02 pp, not "+20%" (the Markdown table already said so).
  stats::Verdict verdict = test::failing_verdict();
  ConsoleOptions options;
  options.max_passing_checks = 100;
  std::string text = render_console({verdict}, options);
  size_t row = text.find("error rate of all requests  regression");
  ASSERT_NE(row, std::string::npos) << text;
  std::string line = text.substr(row, text.find('\n', row) - row);
  EXPECT_NE(line.find("+0.02 pp"), std::string::npos) << line;
  EXPECT_EQ(line.find("+20%"), std::string::npos) << line;
}

TEST(ConsoleReportTest, ShowsNotes) {
  stats::Verdict verdict;
  verdict.current.scenario = "api";
  std::string text = render_console({verdict}, {});
  EXPECT_NE(text.find("warning: No baseline yet"), std::string::npos);
}

TEST(ColorModeTest, ColourOnlyOnTerminalsWithoutNoColor) {
  EXPECT_EQ(color_mode_for(true, nullptr), ColorMode::always);
  EXPECT_EQ(color_mode_for(true, ""), ColorMode::always);
  EXPECT_EQ(color_mode_for(true, "1"), ColorMode::never);
  EXPECT_EQ(color_mode_for(false, nullptr), ColorMode::never);
}

}  // namespace
}  // namespace perfgate::report
