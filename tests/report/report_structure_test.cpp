// SPDX-License-Identifier: MIT
// What a reviewer meets in the PR comment: the verdict and what it could judge first, then what
// failed (root causes before consequences) and why requests failed, one compact table, and the
// rest folded away.
#include <gtest/gtest.h>

#include "perfgate/report/check_text.h"
#include "perfgate/report/console_report.h"
#include "perfgate/report/failed_requests.h"
#include "perfgate/report/gfm.h"
#include "perfgate/report/html_report.h"
#include "perfgate/report/markdown_report.h"
#include "perfgate/report/root_causes.h"
#include "report/report_fixtures.h"

namespace perfgate::report {
namespace {

using test::count_of;

// Closed model, the cascade: `search` slows down, so the virtual users spend their time
// waiting on it and `home` and `cart` run fewer requests, although their own latency improved.
struct Cascade {
  results::RunResult baseline = test::make_run(
      {{"home", 20, 200}, {"search", 50, 200}, {"cart", 30, 200}}, 20, "fedcba9876543210");
  results::RunResult current =
      test::make_run({{"home", 12, 60}, {"search", 400, 60}, {"cart", 20, 60}}, 20);
  stats::Verdict verdict;

  Cascade() {
    baseline.meta.model = "closed";
    current.meta.model = "closed";
    verdict.current = {"checkout", "stress", "0123456789abcdef", "2026-11-22T04:00:00Z", 1};
    verdict.baseline =
        stats::RunIdentity{"checkout", "stress", "fedcba9876543210", "2026-11-21T04:00:00Z", 5};
    verdict.checks = {
        test::regression("home", "p95_ms", 40, 24, stats::Status::pass, 0.001),
        test::regression("home", "rps", 200, 60, stats::Status::fail, 0.001),
        test::regression("search", "p95_ms", 100, 800, stats::Status::fail, 0.001),
        test::regression("search", "rps", 200, 60, stats::Status::fail, 0.001),
        test::regression("cart", "rps", 200, 60, stats::Status::fail, 0.001),
        test::regression("", "p95_ms", 90, 700, stats::Status::fail, 0.001),
    };
    verdict.finalize();
  }
  ReportInput input() const { return {verdict, &current, &baseline}; }
};

TEST(RootCausesTest, ClosedModelThroughputLossesAreConsequencesOfTheSlowEndpoint) {
  Cascade cascade;
  RootCauses causes = find_root_causes(cascade.input());
  EXPECT_EQ(causes.slow_endpoints, std::vector<std::string>{"search"});
  EXPECT_TRUE(causes.is_consequence(1));   // home's throughput
  EXPECT_FALSE(causes.is_consequence(2));  // search's latency: the cause
  EXPECT_TRUE(causes.is_consequence(3));   // search's own throughput follows its latency
  EXPECT_TRUE(causes.is_consequence(4));   // cart's throughput
  EXPECT_TRUE(causes.is_consequence(5));   // the mix of all requests
}

TEST(RootCausesTest, OpenModelHasNoCascade) {
  Cascade cascade;
  cascade.current.meta.model = "open";
  EXPECT_TRUE(find_root_causes(cascade.input()).consequences.empty());
}

TEST(RootCausesTest, NoLatencyFailureMeansThroughputLossIsItsOwnProblem) {
  Cascade cascade;
  cascade.verdict.checks[2].status = stats::Status::pass;
  EXPECT_TRUE(find_root_causes(cascade.input()).consequences.empty());
}

TEST(RootCausesTest, ReportNamesTheCauseAndMarksTheOthersAsConsequences) {
  Cascade cascade;
  std::string markdown = render_markdown(cascade.input(), {});
  size_t failed = markdown.find("#### What failed");
  ASSERT_NE(failed, std::string::npos);
  std::string problems = markdown.substr(failed, markdown.find("#### Endpoints") - failed);
  // One root cause listed as a failure; the rest in one line that names the cause.
  EXPECT_EQ(count_of(problems, "- ❌"), 1u) << problems;
  EXPECT_NE(problems.find("p95 of <code>search</code>"), std::string::npos);
  EXPECT_NE(problems.find("Consequences, not separate regressions"), std::string::npos);
  EXPECT_NE(problems.find("waited on <code>search</code>"), std::string::npos);
  EXPECT_NE(problems.find("throughput of <code>home</code> -70%"), std::string::npos) << problems;
  // In the table, home and cart carry the consequence mark, search the regression mark.
  EXPECT_NE(markdown.find("| 🔗 | <code>home</code>"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("| 🔗 | <code>cart</code>"), std::string::npos);
  EXPECT_NE(markdown.find("| ❌ | <code>search</code>"), std::string::npos);
  EXPECT_NE(markdown.find("🔗 consequence of another endpoint's latency"), std::string::npos);
}

TEST(RootCausesTest, ComparisonsStarvedOfRequestsAreConsequencesToo) {
  Cascade cascade;
  stats::Check starved =
      test::regression("cart", "error_rate", 0, 0, stats::Status::inconclusive, 1);
  starved.relative_change.reset();
  cascade.verdict.checks.push_back(starved);
  cascade.verdict.finalize();
  RootCauses causes = find_root_causes(cascade.input());
  EXPECT_TRUE(causes.is_consequence(cascade.verdict.checks.size() - 1));
  std::string markdown = render_markdown(cascade.input(), {});
  EXPECT_NE(markdown.find("error rate of <code>cart</code> could not judge"), std::string::npos)
      << markdown;
  EXPECT_EQ(count_of(markdown, "- ❓"), 0u);
}

TEST(RootCausesTest, AFailingReportThatAlsoListsUndecidedChecksSaysSoInItsHeading) {
  Cascade cascade;
  EXPECT_NE(render_markdown(cascade.input(), {}).find("#### What failed\n"), std::string::npos);
  cascade.verdict.checks.push_back(
      test::regression("search", "p50_ms", 10, 14.9, stats::Status::inconclusive, 1));
  cascade.verdict.finalize();
  EXPECT_NE(render_markdown(cascade.input(), {}).find("#### What failed, and what to look at\n"),
            std::string::npos);
}

TEST(RootCausesTest, ACheckThatCouldNotJudgeIsItsOwnProblemWhenItsRequestsDidNotFall) {
  // Found by a user: every latency ×1.5 with throughput unchanged, and `home`'s +49 % p50 that
  // could not be judged was called a consequence of `search` ("fewer requests ran").
  Cascade cascade;
  cascade.current.metrics.endpoints[0] = cascade.baseline.metrics.endpoints[0];  // home: 200/s
  stats::Check own = test::regression("home", "p50_ms", 10, 14.9, stats::Status::inconclusive, 1);
  stats::Check starved =
      test::regression("cart", "p50_ms", 10, 10.2, stats::Status::inconclusive, 1);
  cascade.verdict.checks.push_back(own);
  cascade.verdict.checks.push_back(starved);
  cascade.verdict.finalize();
  RootCauses causes = find_root_causes(cascade.input());
  size_t last = cascade.verdict.checks.size() - 1;
  EXPECT_FALSE(causes.is_consequence(last - 1));  // home ran as many requests as before
  EXPECT_TRUE(causes.is_consequence(last));       // cart ran fewer, and looks unchanged
  // cart ran fewer but likely rose beyond its tolerance itself: its own problem too.
  cascade.verdict.checks[last].current = 13;
  cascade.verdict.checks[last].relative_change = 0.3;
  cascade.verdict.checks[last].p_value = 0.03;
  EXPECT_FALSE(find_root_causes(cascade.input()).is_consequence(last));
  // Fewer requests in all, but in a shorter run: not fewer a second.
  cascade.verdict.checks[last].p_value = 1;
  EXPECT_TRUE(find_root_causes(cascade.input()).is_consequence(last));
  cascade.current.meta.duration = std::chrono::seconds(5);
  EXPECT_FALSE(find_root_causes(cascade.input()).is_consequence(last));
}

TEST(ReportStructureTest, VerdictAndWhatItCouldJudgeComeFirst) {
  test::FailingRuns runs;
  stats::Verdict verdict = test::failing_verdict();
  verdict.checks[1].detectable_change = 0.08;
  verdict.checks[2].detectable_change = 0.25;
  std::string markdown = render_markdown({verdict, &runs.current, &runs.baseline}, {});
  size_t checks =
      markdown.find("**Checks:** 4 against the baseline, 2 limits: ❌ 2 failed · ✅ 4 passed");
  ASSERT_NE(checks, std::string::npos) << markdown;
  EXPECT_LT(checks, markdown.find("#### What failed"));
  EXPECT_LT(markdown.find("#### What failed"), markdown.find("#### Endpoints"));
  EXPECT_NE(markdown.find("could detect from +8% (p95 of <code>search</code>) to +25%"),
            std::string::npos)
      << markdown;
}

TEST(ReportStructureTest, EverythingPastTheTableIsFoldedInThePullRequestComment) {
  test::FailingRuns runs;
  stats::Verdict verdict = test::failing_verdict();
  std::string markdown = render_markdown({verdict, &runs.current, &runs.baseline}, {});
  for (const char* summary : {"<summary>All 6 checks</summary>", "<summary>Latency over time",
                              "<summary>Where the time went", "<summary>Method"}) {
    EXPECT_NE(markdown.find(summary), std::string::npos) << summary;
  }
  // Outside <details>: at most two tables (endpoints, failed requests).
  std::string html = markdown_to_html(markdown);
  size_t open = html.find("<details>");
  ASSERT_NE(open, std::string::npos);
  EXPECT_LE(count_of(html.substr(0, open), "<table>"), 2u);
  // Six columns at most anywhere: a table that fits 800 px.
  for (size_t at = html.find("<tr>"); at != std::string::npos; at = html.find("<tr>", at + 1)) {
    std::string row = html.substr(at, html.find("</tr>", at) - at);
    EXPECT_LE(count_of(row, "<td") + count_of(row, "<th"), 6u) << row;
  }
}

// Each client adds its own per-request time: the Method says which one measured the run, and an
// imported run (no client recorded) says nothing of it.
TEST(ReportStructureTest, MethodNamesTheHttpClientThatRan) {
  test::FailingRuns runs;
  stats::Verdict verdict = test::failing_verdict();
  runs.current.meta.http_client = "native";
  std::string native = render_markdown({verdict, &runs.current, &runs.baseline}, {});
  EXPECT_NE(native.find("HTTP client: perf-gate's own HTTP/1.1 client"), std::string::npos);
  runs.current.meta.http_client = "curl";
  std::string curl = render_markdown({verdict, &runs.current, &runs.baseline}, {});
  EXPECT_NE(curl.find("HTTP client: libcurl"), std::string::npos);
  runs.current.meta.http_client.clear();
  std::string imported = render_markdown({verdict, &runs.current, &runs.baseline}, {});
  EXPECT_EQ(imported.find("HTTP client:"), std::string::npos);
}

// An inconclusive check explains its noise and what to do in about 500 characters: the whole of
// it reaches the comment, and the commands it quotes stay code.
TEST(ReportStructureTest, ALongExplanationIsShownWholeWithItsCommandsAsCode) {
  test::FailingRuns runs;
  stats::Verdict verdict = test::failing_verdict();
  std::string reason(430, 'x');
  verdict.notes.push_back("run quality: " + reason + ": re-run, or use `perf-gate ab` at the end");
  std::string markdown = render_markdown({verdict, &runs.current, &runs.baseline}, {});
  EXPECT_NE(markdown.find("use <code>perf-gate ab</code> at the end"), std::string::npos);
  EXPECT_EQ(markdown.find("\\`perf-gate ab\\`"), std::string::npos);
}

TEST(ReportStructureTest, HtmlReportShowsEverySectionOpen) {
  test::FailingRuns runs;
  stats::Verdict verdict = test::failing_verdict();
  std::string html = render_html({verdict, &runs.current, &runs.baseline}, {});
  EXPECT_EQ(html.find("<summary>All 6 checks"), std::string::npos);
  EXPECT_NE(html.find("<h4>Checks</h4>"), std::string::npos);
  EXPECT_NE(html.find("<h4>Method</h4>"), std::string::npos);
}

// Requests that fail a body check or get a 404: "errors 100%" alone says nothing.
results::RunResult run_with_failures() {
  results::RunResult run = test::make_run({{"home", 10, 100}, {"search", 10, 100}}, 10);
  metrics::EndpointMetrics& search = run.metrics.endpoints[1].totals;
  search.errors = 0;
  search.errors_by_kind = {};
  search.status_counts = {{200, 700}, {404, 300}};
  for (int i = 0; i < 300; ++i) search.count_error(metrics::ErrorKind::http_4xx);
  search.checks_passed = 650;
  search.checks_failed = 350;
  for (int i = 0; i < 50; ++i) search.count_error(metrics::ErrorKind::check);
  search.named_checks = {{"status is 200", 700, 300}, {"body contains \"ok\"", 950, 50}};
  return run;
}

TEST(FailedRequestsTest, ListsChecksStatusCodesAndErrorKindsPerEndpoint) {
  results::RunResult run = run_with_failures();
  std::vector<EndpointFailures> failures = endpoint_failures(run);
  ASSERT_EQ(failures.size(), 1u);  // home had no failures
  EXPECT_EQ(failures[0].endpoint, "search");
  EXPECT_EQ(status_list(failures[0]), "200 ×700, 404 ×300");
  EXPECT_EQ(error_kind_list(failures[0]), "HTTP 4xx ×300, check failed ×50");
  EXPECT_EQ(check_counts(failures[0]), "✓ 650 / ✗ 350");
}

TEST(FailedRequestsTest, NamedChecksListTheFailingOnesAndCountThePassingOnes) {
  EndpointFailures failures;
  failures.named_checks = {{"status is 200", 10, 0}, {"body contains x", 7, 3}};
  auto plain = [](std::string_view name) { return std::string(name); };
  EXPECT_EQ(named_check_list(failures, plain), "✗ body contains x (✓ 7 / ✗ 3), ✓ 1 more passed");
  failures.named_checks = {{"status is 200", 10, 0}};
  EXPECT_EQ(named_check_list(failures, plain), "✓ all 1 passed");
  failures.named_checks.clear();
  failures.checks_passed = 4;
  failures.checks_failed = 1;
  EXPECT_EQ(named_check_list(failures, plain), "✓ 4 / ✗ 1");  // results without names
}

TEST(FailedRequestsTest, ConsoleShowsThemInK6Shape) {
  results::RunResult run = run_with_failures();
  std::string text = plain_failures(run);
  EXPECT_NE(text.find("✗ search: 350 of 1,000 failed (35%)"), std::string::npos) << text;
  EXPECT_NE(text.find("↳ checks ✓ 650 / ✗ 350 · status 200 ×700, 404 ×300 · HTTP 4xx ×300"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("     ✗ status is 200 ↳ 70% — ✓ 700 / ✗ 300\n"), std::string::npos) << text;
  EXPECT_NE(text.find("     ✗ body contains \"ok\" ↳ 95% — ✓ 950 / ✗ 50\n"), std::string::npos);
  EXPECT_EQ(plain_failures(test::make_run({{"home", 10, 100}}, 10)), "");
}

// The gate failed on the error rate of all requests (run_with_failures' 17.5%).
stats::Verdict error_rate_limit_failed() {
  stats::Verdict verdict = test::failing_verdict();
  verdict.checks = {
      test::threshold("", "error_rate", "rate<0.01", 0.01, 0.175, stats::Status::fail)};
  verdict.finalize();
  return verdict;
}

TEST(FailedRequestsTest, MarkdownShowsThemOpenlyWhenErrorsFailedTheGate) {
  results::RunResult run = run_with_failures();
  stats::Verdict verdict = error_rate_limit_failed();
  std::string markdown = render_markdown({verdict, &run}, {});
  EXPECT_NE(markdown.find("#### Failed requests"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("| <code>search</code> | 350 of 1,000 (35%) | ✗ status is 200 (✓ 700 / "
                          "✗ 300), ✗ body contains \"ok\" (✓ 950 / ✗ 50) | 200 ×700, 404 "
                          "×300 | HTTP 4xx ×300, check failed ×50 |"),
            std::string::npos)
      << markdown;
  // The console summary carries them too.
  ConsoleOptions console;
  console.color = ColorMode::never;
  EXPECT_NE(render_console({verdict, &run}, console).find("✗ search: 350 of 1,000 failed"),
            std::string::npos);
}

TEST(FailedRequestsTest, AnErrorRateOfAllRequestsNamesTheEndpointsBehindIt) {
  results::RunResult run = run_with_failures();
  stats::Verdict verdict = error_rate_limit_failed();
  std::string markdown = render_markdown({verdict, &run}, {});
  EXPECT_NE(markdown.find("  - from <code>search</code> (350 of 1,000 failed)\n"),
            std::string::npos)
      << markdown;
}

TEST(FailedRequestsTest, AnEndpointFailingOftenIsShownEvenWithoutAnyCheckOnIt) {
  results::RunResult run = run_with_failures();
  stats::Verdict verdict;  // no baseline, no thresholds: nothing judged the failures
  verdict.current = {"checkout", "stress", "0123456789abcdef", "2026-11-22T04:00:00Z", 1};
  verdict.finalize();
  std::string markdown = render_markdown({verdict, &run}, {});
  EXPECT_NE(markdown.find("#### Failed requests"), std::string::npos) << markdown;
}

TEST(ReportNoiseTest, NoPercentagesOfZerosOrOfRates) {
  results::RunResult baseline = test::make_run({{"home", 0.001, 100}}, 10);
  results::RunResult current = test::make_run({{"home", 0.0065, 100}}, 10);
  stats::Verdict verdict = test::failing_verdict();
  verdict.checks = {test::regression("home", "p95_ms", 0.001, 0.0065, stats::Status::pass, 0.5)};
  verdict.finalize();
  std::string markdown = render_markdown({verdict, &current, &baseline}, {});
  EXPECT_NE(markdown.find("0.00 → 0.01"), std::string::npos) << markdown;
  EXPECT_EQ(markdown.find("0.00 → 0.01 ("), std::string::npos) << markdown;
  EXPECT_EQ(markdown.find("0% → 0% ("), std::string::npos);
}

TEST(ReportNoiseTest, ErrorRateFromZeroReadsOnceInPercentagePoints) {
  stats::Verdict verdict = test::failing_verdict();
  stats::Check check = test::regression("home", "error_rate", 0.001, 0.006, stats::Status::fail, 0);
  check.baseline = 0;
  check.relative_change.reset();
  check.explanation = "error rate of home up from 0 (0% → 0.60%): a regression";
  verdict.checks = {check};
  verdict.finalize();
  std::string line = one_line_summary(verdict);
  EXPECT_EQ(count_of(line, "error rate of home"), 1u) << line;
  EXPECT_NE(line.find("error rate of home +0.60 pp (0% → 0.60%)"), std::string::npos) << line;
}

}  // namespace
}  // namespace perfgate::report

namespace perfgate::report {
namespace {

TEST(ReportStructureTest, EndpointWithoutDataIsOneLineNotOnePerMetric) {
  stats::Verdict verdict = test::failing_verdict();
  verdict.checks.clear();
  for (const char* metric : {"p50_ms", "p95_ms", "p99_ms", "error_rate"}) {
    stats::Check check;
    check.kind = stats::CheckKind::regression;
    check.endpoint = "status-json";
    check.metric = metric;
    check.status = stats::Status::no_data;
    check.explanation = "no requests in this run";
    verdict.checks.push_back(check);
  }
  verdict.finalize();
  std::string markdown = render_markdown({verdict}, {});
  EXPECT_EQ(count_of(markdown, "- ❔"), 1u) << markdown;
  EXPECT_NE(markdown.find("<code>status-json</code>** had no data to compare: p50, p95, p99, "
                          "error rate"),
            std::string::npos)
      << markdown;
}

TEST(ReportStructureTest, DetectableChangesBeyondMeasurementSaySo) {
  stats::Check latency = test::regression("home", "p95_ms", 1, 2, stats::Status::inconclusive, 1);
  latency.detectable_change = 137.26;
  EXPECT_EQ(detectable_text(latency), "only changes beyond 10×");
  latency.detectable_change = 0.25;
  EXPECT_EQ(detectable_text(latency), "+25%");
  stats::Check throughput = test::regression("", "rps", 100, 90, stats::Status::inconclusive, 1);
  throughput.detectable_change = 0.995;
  EXPECT_EQ(detectable_text(throughput), "only drops of 95% or more");
  throughput.detectable_change = 0.3;
  EXPECT_EQ(detectable_text(throughput), "−30%");
}

TEST(ReportStructureTest, CommandsQuotedInNotesRenderAsCodeAndStayEscaped) {
  stats::Verdict verdict = test::failing_verdict();
  verdict.notes = {"keep 2 or more runs of history, or use `perf-gate ab`, to judge",
                   "endpoint `<script>@octocat` is new", "an odd ` tick"};
  std::string html = markdown_to_html(render_markdown({verdict}, {}));
  EXPECT_NE(html.find("or use <code>perf-gate ab</code>, to judge"), std::string::npos) << html;
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("@octocat"), std::string::npos);
  EXPECT_NE(html.find("an odd ` tick"), std::string::npos);
}

TEST(ReportStructureTest, MethodNotesGoWithTheMethodNotAmongTheWarnings) {
  test::FailingRuns runs;
  stats::Verdict verdict = test::failing_verdict();
  verdict.notes = {"baseline: 12 runs of history; the run-to-run noise is measured from them",
                   "the run was interrupted: SIGTERM"};
  std::string markdown = render_markdown({verdict, &runs.current, &runs.baseline}, {});
  size_t method = markdown.find("<summary>Method</summary>");
  ASSERT_NE(method, std::string::npos);
  EXPECT_GT(markdown.find("baseline: 12 runs of history"), method);
  EXPECT_LT(markdown.find("⚠️ the run was interrupted"), method);
  ConsoleOptions console;
  std::string text = render_console({verdict, &runs.current, &runs.baseline}, console);
  EXPECT_NE(text.find("note: baseline: 12 runs of history"), std::string::npos) << text;
  EXPECT_NE(text.find("warning: the run was interrupted"), std::string::npos);
}

TEST(ReportStructureTest, ARunWarningTheVerdictAlsoCarriesIsSaidOnce) {
  test::FailingRuns runs;
  const std::string saturated = "generator saturated: worker thread 0 was on CPU 95% of the run";
  runs.current.warnings = {saturated};
  stats::Verdict verdict = test::failing_verdict();
  verdict.notes = {saturated};  // as the comparison copies the run's warnings
  ConsoleOptions console;
  std::string text = render_console({verdict, &runs.current, &runs.baseline}, console);
  EXPECT_EQ(count_of(text, saturated), 1u) << text;
  EXPECT_EQ(count_of(render_markdown({verdict, &runs.current, &runs.baseline}, {}), saturated), 1u);
}

}  // namespace
}  // namespace perfgate::report
