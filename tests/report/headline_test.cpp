// SPDX-License-Identifier: MIT
#include "perfgate/report/headline.h"

#include <gtest/gtest.h>

#include "report/report_fixtures.h"

namespace perfgate::report {
namespace {

using test::failing_verdict;
using test::regression;

TEST(OneLineSummaryTest, NamesTheBiggestRegression) {
  EXPECT_EQ(one_line_summary(failing_verdict()),
            "FAIL · checkout / stress · 2 of 6 checks failed · p95 of login +38% (412 → 569 ms), "
            "beyond noise (p = 0.002)");
}

TEST(OneLineSummaryTest, PassingVerdictShowsLargestChange) {
  stats::Verdict verdict = failing_verdict();
  verdict.checks.erase(verdict.checks.begin());
  verdict.checks.back().status = stats::Status::pass;
  verdict.checks.erase(verdict.checks.begin() + 3);
  verdict.finalize();
  EXPECT_EQ(one_line_summary(verdict),
            "PASS · checkout / stress · all 4 checks passed · largest change: p95 of cart -20% "
            "(50.0 → 40.0 ms), an improvement (p = 0.010)");
}

// A warn-only p99 that could not judge its change passes the gate, but must not read as "no
// regression" (it could not have shown one).
TEST(OneLineSummaryTest, AP99ThatCouldNotJudgeReadsAsNotJudged) {
  stats::Verdict verdict;
  verdict.current.scenario = "api";
  verdict.current.profile = "baseline";
  stats::Check p99 = regression("fast", "p99_ms", 5.0, 4.0, stats::Status::pass, 1.0);
  p99.explanation =
      "p99 of fast -20.0% (5 ms → 4 ms): not judged (p99 only warns): a regression "
      "beyond 1 ms is neither shown (p = 1) nor ruled out (worst case +206.6%)";
  p99.detectable_change = 12.0;
  verdict.checks.push_back(p99);
  verdict.finalize();
  EXPECT_EQ(one_line_summary(verdict),
            "PASS · api / baseline · the check passed · largest change: p99 of fast -20% (5.00 → "
            "4.00 ms), not judged (p99 only warns) (detects only changes beyond 10×)");
}

// Found by a user: an error rate from 0 % to 7.5 % has no relative change, and the headline named
// a +32 % p95 of 0.43 ms beside it. A rise from 0 that did not pass leads; one that passed does
// not become the "largest change".
TEST(OneLineSummaryTest, AnErrorRateUpFromNoneLeadsTheChecksOfItsStatus) {
  stats::Verdict verdict;
  verdict.current.scenario = "api";
  verdict.current.profile = "baseline";
  verdict.checks.push_back(
      regression("fast", "p95_ms", 0.43, 0.57, stats::Status::inconclusive, 1.0));
  stats::Check errors =
      regression("fast", "error_rate", 0, 0.075, stats::Status::inconclusive, 0.07);
  errors.relative_change.reset();
  verdict.checks.push_back(errors);
  verdict.finalize();
  EXPECT_NE(one_line_summary(verdict).find("· error rate of fast +7.5 pp (0% → 7.5%)"),
            std::string::npos)
      << one_line_summary(verdict);
  verdict.checks[0].status = stats::Status::pass;
  verdict.checks[1].status = stats::Status::pass;
  verdict.checks[1].current = 0.0001;
  verdict.finalize();
  EXPECT_NE(one_line_summary(verdict).find("largest change: p95 of fast +33%"), std::string::npos)
      << one_line_summary(verdict);
}

TEST(OneLineSummaryTest, SaysNoBaselineWhenThereIsNone) {
  stats::Verdict verdict;
  verdict.current.scenario = "api";
  verdict.current.profile = "baseline";
  verdict.checks.push_back(
      test::threshold("", "p95_ms", "p(95)<500", 500, 120, stats::Status::pass));
  verdict.finalize();
  EXPECT_EQ(one_line_summary(verdict), "PASS · api / baseline · the check passed · no baseline");
}

TEST(OneLineSummaryTest, ThresholdBreachReadsAsARule) {
  stats::Verdict verdict;
  verdict.current.scenario = "api";
  verdict.checks.push_back(
      test::threshold("", "http_req_duration", "p(99)<1000", 1000, 1250, stats::Status::fail));
  verdict.finalize();
  EXPECT_EQ(one_line_summary(verdict),
            "FAIL · api · 1 of 1 check failed · p99 of all requests 1,250 ms breaks p(99)<1000");
}

TEST(OneLineSummaryTest, IsOneCleanLineEvenForHostileNames) {
  stats::Verdict verdict = failing_verdict();
  verdict.checks[0].endpoint = "evil\nname\x1b[2J" + std::string(400, 'x');
  std::string line = one_line_summary(verdict);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line.find('\x1b'), std::string::npos);
  EXPECT_LE(line.size(), 250u * 4);
}

TEST(MarkdownHeadlineTest, HasEmojiBoldStatusAndCodeNames) {
  EXPECT_EQ(
      markdown_headline(failing_verdict()),
      "❌ **FAIL** · <code>checkout</code> / <code>stress</code> · 2 of 6 checks failed · p95 of "
      "<code>login</code> +38% "
      "(412 → 569 ms), beyond noise (p = 0.002)");
}

TEST(CountPhraseTest, MentionsWarningsBesideFailures) {
  stats::Verdict verdict = failing_verdict();
  verdict.checks[1].status = stats::Status::warn;
  EXPECT_EQ(count_phrase(verdict), "2 of 6 checks failed, 1 warned");
}

}  // namespace
}  // namespace perfgate::report
