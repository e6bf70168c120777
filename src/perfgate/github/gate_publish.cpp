// SPDX-License-Identifier: MIT
#include "perfgate/github/gate_publish.h"

#include <fmt/format.h>

#include "perfgate/github/check_publisher.h"
#include "perfgate/github/pr_comment.h"
#include "perfgate/github/regression_issue.h"

namespace perfgate::github {
namespace {

void publish_comment(GitHubClient& client, const GateConfig& config, const ci::EventInfo& event,
                     const Repository& repo, const PublishInput& input, PublishReport& report) {
  if (config.comment == CommentMode::never || !event.pr_number) return;
  StickyCommentOptions options{sticky_marker(input.gate_id), config.comment_author, true};
  // on-failure: a passing run creates nothing, but refreshes an earlier failure's comment so
  // that it does not go on claiming a failure that is gone.
  if (config.comment == CommentMode::on_failure && !input.gate_failed)
    options.create_if_missing = false;
  auto outcome = upsert_sticky_comment(client, repo, *event.pr_number, input.markdown, options);
  if (!outcome) {
    report.errors.push_back("PR comment: " + outcome.error().message);
    return;
  }
  report.comment_url = outcome->html_url;
  const char* what = outcome->action == CommentAction::created   ? "created"
                     : outcome->action == CommentAction::updated ? "updated"
                                                                 : "not needed";
  report.notices.push_back(fmt::format("PR comment {}{}{}", what,
                                       report.comment_url.empty() ? "" : ": ", report.comment_url));
}

std::string issue_body(const ci::RunnerContext& runner, const PublishInput& input) {
  std::string link =
      runner.run_url().empty() ? "" : fmt::format("\n\nWorkflow run: {}\n", runner.run_url());
  return fmt::format("{}{}", input.markdown, link);
}

void publish_issue(GitHubClient& client, const GateConfig& config, const ci::RunnerContext& runner,
                   const ci::EventInfo& event, const Repository& repo, const PublishInput& input,
                   PublishReport& report) {
  // A pull request's regression is reported on the PR itself; issues track the branch.
  if (!config.issue || event.kind == ci::EventKind::pull_request) return;
  IssueOptions options{config.issue_label, issue_fingerprint_marker(input.scenario, input.profile)};
  Result<IssueOutcome> outcome = IssueOutcome{};
  if (input.verdict_failed) {
    std::string title =
        fmt::format("Performance regression: {} / {}", input.scenario, input.profile);
    outcome = report_regression(client, repo, title, issue_body(runner, input), options);
  } else if (config.close_issue) {
    std::string comment = fmt::format("perf-gate passes again on {}.\n\n{}",
                                      event.head_sha.empty() ? "this run" : event.head_sha,
                                      issue_body(runner, input));
    outcome = resolve_regression(client, repo, comment, options);
  }
  if (!outcome) {
    report.errors.push_back("regression issue: " + outcome.error().message);
    return;
  }
  if (outcome->action == IssueAction::none) return;
  report.issue_number = outcome->number;
  report.issue_url = outcome->html_url;
  report.notices.push_back(
      fmt::format("regression issue #{} {}", outcome->number, issue_action_name(outcome->action)));
}

void publish_verdict_check(GitHubClient& client, const GateConfig& config,
                           const ci::RunnerContext& runner, const ci::EventInfo& event,
                           const Repository& repo, const PublishInput& input,
                           PublishReport& report) {
  if (config.check == CheckMode::off) return;
  CheckPublication publication;
  publication.name = input.gate_id.empty() ? "perf-gate" : "perf-gate: " + input.gate_id;
  publication.head_sha = event.head_sha;
  publication.conclusion = input.gate_failed      ? CheckConclusion::failure
                           : input.verdict_warned ? CheckConclusion::neutral
                                                  : CheckConclusion::success;
  publication.title = input.title;
  publication.summary_markdown = input.markdown;
  publication.details_url = runner.run_url();
  auto outcome = publish_check(client, repo, publication, config.check);
  if (!outcome) {
    report.errors.push_back("check: " + outcome.error().message);
    return;
  }
  report.check_url = outcome->html_url;
  report.notices.push_back(outcome->kind == CheckPublished::check_run
                               ? fmt::format("check run created: {}", outcome->html_url)
                               : fmt::format("commit status set on {}", event.head_sha));
}

}  // namespace

std::optional<std::string> publishing_skip_reason(const GateConfig& config,
                                                  const ci::RunnerContext& runner,
                                                  const ci::EventInfo& event) {
  if (config.token.empty()) return "no github-token: publishing to GitHub is skipped";
  if (event.kind == ci::EventKind::pull_request && event.is_fork) {
    return "pull request from a fork: its token is read-only, so publishing is skipped (the job "
           "summary and outputs still carry the verdict)";
  }
  if (runner.owner.empty() || runner.repo.empty())
    return "GITHUB_REPOSITORY is not set: publishing is skipped";
  return std::nullopt;
}

PublishReport publish(GitHubClient& client, const GateConfig& config,
                      const ci::RunnerContext& runner, const ci::EventInfo& event,
                      const PublishInput& input) {
  PublishReport report;
  if (auto reason = publishing_skip_reason(config, runner, event)) {
    report.skipped = true;
    report.notices.push_back(*reason);
    return report;
  }
  Repository repo{runner.owner, runner.repo};
  publish_comment(client, config, event, repo, input, report);
  publish_issue(client, config, runner, event, repo, input, report);
  publish_verdict_check(client, config, runner, event, repo, input, report);
  for (std::string& error : report.errors) error = redact(error, config.token);
  return report;
}

}  // namespace perfgate::github
