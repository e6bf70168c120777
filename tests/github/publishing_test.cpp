// SPDX-License-Identifier: MIT
// Sticky comment, regression issue and check run against the fake GitHub server.
#include <gtest/gtest.h>

#include "perfgate/github/check_publisher.h"
#include "perfgate/github/pr_comment.h"
#include "perfgate/github/regression_issue.h"
#include "support/fake_github_server.h"

namespace perfgate::github {
namespace {

using std::chrono::milliseconds;
using test::FakeGitHubServer;

class PublishingTest : public ::testing::Test {
 protected:
  explicit PublishingTest(test::FakeGitHubConfig config = {})
      : m_server(config), m_http(net::make_curl_http_client()) {
    GitHubClientOptions options;
    options.api_url = m_server.api_url();
    options.token = m_server.config().token;
    options.retry.initial_backoff = milliseconds{1};
    m_client = std::make_unique<GitHubClient>(*m_http, options, [](milliseconds) {});
  }
  void TearDown() override {
    for (const std::string& violation : m_server.violations()) ADD_FAILURE() << violation;
  }

  StickyCommentOptions sticky() const {
    return {sticky_marker("api/baseline"), k_actions_bot_login};
  }
  IssueOptions issue_options() const {
    return {k_default_issue_label, issue_fingerprint_marker("api", "baseline")};
  }

  Repository m_repo{"Codertocat", "Hello-World"};
  FakeGitHubServer m_server;
  std::unique_ptr<net::HttpClient> m_http;
  std::unique_ptr<GitHubClient> m_client;
};

TEST_F(PublishingTest, StickyCommentIsCreatedThenUpdated) {
  auto first = upsert_sticky_comment(*m_client, m_repo, 2, "run 1", sticky());
  ASSERT_TRUE(first.ok()) << first.error().describe();
  EXPECT_EQ(first->action, CommentAction::created);
  auto second = upsert_sticky_comment(*m_client, m_repo, 2, "run 2", sticky());
  ASSERT_TRUE(second.ok()) << second.error().describe();
  EXPECT_EQ(second->action, CommentAction::updated);
  EXPECT_EQ(second->id, first->id);
  auto comments = m_server.comments(2);
  ASSERT_EQ(comments.size(), 1u);
  EXPECT_NE(comments[0].body.find("run 2"), std::string::npos);
  EXPECT_NE(comments[0].body.find(sticky_marker("api/baseline")), std::string::npos);
}

TEST_F(PublishingTest, StickyCommentIgnoresMarkerQuotedByOthers) {
  m_server.add_comment(2, sticky_marker("api/baseline") + " quoted by a human", "octocat");
  auto outcome = upsert_sticky_comment(*m_client, m_repo, 2, "report", sticky());
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  EXPECT_EQ(outcome->action, CommentAction::created);
  EXPECT_EQ(m_server.comments(2).size(), 2u);
}

TEST_F(PublishingTest, StickyCommentFoundBeyondTheFirstPage) {
  for (int i = 0; i < 120; ++i) m_server.add_comment(2, "chatter", "octocat");
  int64_t ours =
      m_server.add_comment(2, sticky_marker("api/baseline") + "\nold", k_actions_bot_login);
  auto outcome = upsert_sticky_comment(*m_client, m_repo, 2, "new", sticky());
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->action, CommentAction::updated);
  EXPECT_EQ(outcome->id, ours);
}

TEST_F(PublishingTest, StickyCommentDeletesDuplicates) {
  int64_t oldest =
      m_server.add_comment(2, sticky_marker("api/baseline") + "\na", k_actions_bot_login);
  m_server.add_comment(2, sticky_marker("api/baseline") + "\nb", k_actions_bot_login);
  auto outcome = upsert_sticky_comment(*m_client, m_repo, 2, "c", sticky());
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->id, oldest);
  EXPECT_EQ(outcome->duplicates_deleted, 1);
  EXPECT_EQ(m_server.comments(2).size(), 1u);
}

TEST_F(PublishingTest, DifferentGateIdsKeepSeparateComments) {
  ASSERT_TRUE(upsert_sticky_comment(*m_client, m_repo, 2, "a", sticky()).ok());
  StickyCommentOptions other{sticky_marker("web/stress"), k_actions_bot_login};
  ASSERT_TRUE(upsert_sticky_comment(*m_client, m_repo, 2, "b", other).ok());
  EXPECT_EQ(m_server.comments(2).size(), 2u);
}

TEST(StickyMarkerTest, CannotCloseTheHtmlComment) {
  EXPECT_EQ(sticky_marker("a-->b c"), "<!-- perf-gate:sticky id=a___b_c -->");
}

TEST(FitBodyTest, CutsAtLineBoundaryWithinLimit) {
  std::string body;
  for (int i = 0; i < 10'000; ++i) body += "| line " + std::to_string(i) + " |\n";
  std::string fitted = fit_body(body, 65'000);
  EXPECT_LE(fitted.size(), 65'000u);
  EXPECT_NE(fitted.find("cut to fit"), std::string::npos);
}

TEST_F(PublishingTest, RegressionIssueOpenedOnceThenCommented) {
  auto first = report_regression(*m_client, m_repo, "Performance regression: api/baseline",
                                 "body 1", issue_options());
  ASSERT_TRUE(first.ok()) << first.error().describe();
  EXPECT_EQ(first->action, IssueAction::opened);
  auto second = report_regression(*m_client, m_repo, "Performance regression: api/baseline",
                                  "body 2", issue_options());
  ASSERT_TRUE(second.ok()) << second.error().describe();
  EXPECT_EQ(second->action, IssueAction::commented);
  EXPECT_EQ(second->number, first->number);
  auto issues = m_server.issues();
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].labels, std::vector<std::string>{"performance-regression"});
  EXPECT_EQ(m_server.comments(first->number).size(), 1u);
}

TEST_F(PublishingTest, RegressionIssuePerFingerprint) {
  ASSERT_TRUE(report_regression(*m_client, m_repo, "a", "x", issue_options()).ok());
  IssueOptions other{k_default_issue_label, issue_fingerprint_marker("api", "stress")};
  ASSERT_TRUE(report_regression(*m_client, m_repo, "b", "y", other).ok());
  EXPECT_EQ(m_server.issues().size(), 2u);
}

TEST_F(PublishingTest, PullRequestsAndClosedIssuesAreNotReused) {
  test::FakeIssue pr;
  pr.title = "a PR";
  pr.body = issue_fingerprint_marker("api", "baseline");
  pr.labels = {k_default_issue_label};
  pr.is_pull_request = true;
  m_server.add_issue(pr);
  test::FakeIssue closed = pr;
  closed.is_pull_request = false;
  closed.state = "closed";
  m_server.add_issue(closed);
  auto outcome = report_regression(*m_client, m_repo, "t", "b", issue_options());
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->action, IssueAction::opened);
}

TEST_F(PublishingTest, ResolveClosesTheOpenIssueWithAComment) {
  auto opened = report_regression(*m_client, m_repo, "t", "b", issue_options());
  ASSERT_TRUE(opened.ok());
  auto resolved = resolve_regression(*m_client, m_repo, "passes again", issue_options());
  ASSERT_TRUE(resolved.ok()) << resolved.error().describe();
  EXPECT_EQ(resolved->action, IssueAction::closed);
  EXPECT_EQ(m_server.issues()[0].state, "closed");
  EXPECT_EQ(m_server.comments(opened->number).size(), 1u);
  auto again = resolve_regression(*m_client, m_repo, "passes again", issue_options());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->action, IssueAction::none);
}

CheckPublication failing_check(std::string summary) {
  CheckPublication p;
  p.head_sha = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
  p.conclusion = CheckConclusion::failure;
  p.title = "perf-gate: fail — p95 of login 620 ms > 500 ms";
  p.summary_markdown = std::move(summary);
  p.details_url = "https://github.com/Codertocat/Hello-World/actions/runs/1";
  return p;
}

TEST_F(PublishingTest, CheckRunCarriesConclusionAndCappedSummary) {
  std::string huge(70'000, 'x');
  auto outcome = publish_check(*m_client, m_repo, failing_check(huge), CheckMode::check_run);
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  EXPECT_EQ(outcome->kind, CheckPublished::check_run);
  auto runs = m_server.check_runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0]["conclusion"], "failure");
  EXPECT_LE(runs[0]["output"]["summary"].get<std::string>().size(), k_max_check_summary_chars);
}

TEST_F(PublishingTest, StatusModeSetsCommitStatusWithShortDescription) {
  CheckPublication p = failing_check("summary");
  p.title = std::string(300, 'd');
  auto outcome = publish_check(*m_client, m_repo, p, CheckMode::status);
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  auto statuses = m_server.statuses();
  ASSERT_EQ(statuses.size(), 1u);
  EXPECT_EQ(statuses[0]["state"], "failure");
  EXPECT_EQ(statuses[0]["description"].get<std::string>().size(), 140u);
  EXPECT_EQ(statuses[0]["context"], "perf-gate");
}

class ForbiddenChecksTest : public PublishingTest {
 protected:
  static test::FakeGitHubConfig config() {
    test::FakeGitHubConfig c;
    c.checks_forbidden = true;
    return c;
  }
  ForbiddenChecksTest() : PublishingTest(config()) {}
};

TEST_F(ForbiddenChecksTest, FallsBackToCommitStatus) {
  auto outcome = publish_check(*m_client, m_repo, failing_check("s"), CheckMode::check_run);
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  EXPECT_TRUE(outcome->fell_back);
  EXPECT_EQ(outcome->kind, CheckPublished::status);
  EXPECT_TRUE(m_server.check_runs().empty());
  EXPECT_EQ(m_server.statuses().size(), 1u);
}

TEST(CheckModeTest, ParsesTheActionsSpellings) {
  EXPECT_EQ(parse_check_mode("check-run").value(), CheckMode::check_run);
  EXPECT_EQ(parse_check_mode("status").value(), CheckMode::status);
  EXPECT_EQ(parse_check_mode("false").value(), CheckMode::off);
  EXPECT_FALSE(parse_check_mode("maybe").ok());
}

TEST(TruncateCharsTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(truncate_chars("ééé", 2), "éé");
  EXPECT_EQ(truncate_chars("abc", 5), "abc");
}

}  // namespace
}  // namespace perfgate::github
