// SPDX-License-Identifier: MIT
#include "perfgate/github/regression_issue.h"

#include <fmt/format.h>

#include <algorithm>

#include "perfgate/github/pr_comment.h"

namespace perfgate::github {
namespace {

std::string sanitise(std::string_view text) {
  std::string out(text.empty() ? "default" : text);
  std::replace_if(
      out.begin(), out.end(), [](char c) { return c == '-' || c == '>' || c == ' '; }, '_');
  return out;
}

bool is_marked_issue(const Json& item, const std::string& marker) {
  if (!item.is_object() || item.contains("pull_request")) return false;
  if (!item.contains("number") || !item["number"].is_number_integer()) return false;
  return item.contains("body") && item["body"].is_string() &&
         item["body"].get<std::string>().find(marker) != std::string::npos;
}

std::string html_url_of(const Json& item) {
  return item.contains("html_url") && item["html_url"].is_string()
             ? item["html_url"].get<std::string>()
             : "";
}

Status comment_on(GitHubClient& client, const Repository& repository, int64_t number,
                  const std::string& body) {
  auto posted =
      client.call("POST", fmt::format("{}/issues/{}/comments", repository.api_path(), number),
                  Json{{"body", fit_body(body)}});
  if (!posted) return posted.error();
  return ok_status();
}

}  // namespace

std::string issue_fingerprint_marker(std::string_view scenario, std::string_view profile) {
  return fmt::format("<!-- perf-gate:issue fingerprint={}/{} -->", sanitise(scenario),
                     sanitise(profile));
}

const char* issue_action_name(IssueAction action) {
  switch (action) {
    case IssueAction::opened:
      return "opened";
    case IssueAction::commented:
      return "commented";
    case IssueAction::closed:
      return "closed";
    case IssueAction::none:
      return "none";
  }
  return "none";
}

Result<std::optional<Json>> find_open_regression_issue(GitHubClient& client,
                                                       const Repository& repository,
                                                       const IssueOptions& options) {
  auto issues = client.list_all(fmt::format("{}/issues?state=open&labels={}", repository.api_path(),
                                            url_encode(options.label)));
  if (!issues) return issues.error();
  std::optional<Json> oldest;
  for (Json& item : *issues) {
    if (!is_marked_issue(item, options.marker)) continue;
    if (!oldest || item["number"].get<int64_t>() < (*oldest)["number"].get<int64_t>()) {
      oldest = std::move(item);
    }
  }
  return oldest;
}

Result<IssueOutcome> report_regression(GitHubClient& client, const Repository& repository,
                                       const std::string& title, const std::string& body,
                                       const IssueOptions& options) {
  auto existing = find_open_regression_issue(client, repository, options);
  if (!existing) return existing.error();
  IssueOutcome outcome;
  if (*existing) {
    outcome.number = (**existing)["number"].get<int64_t>();
    outcome.html_url = html_url_of(**existing);
    auto status = comment_on(client, repository, outcome.number, body);
    if (!status) return status.error();
    outcome.action = IssueAction::commented;
    return outcome;
  }
  Json payload = {{"title", title},
                  {"body", fit_body(options.marker + "\n" + body)},
                  {"labels", Json::array({options.label})}};
  auto created = client.call("POST", repository.api_path() + "/issues", payload);
  if (!created) return created.error();
  outcome.action = IssueAction::opened;
  outcome.number = created->value("number", int64_t{0});
  outcome.html_url = html_url_of(*created);
  return outcome;
}

Result<IssueOutcome> resolve_regression(GitHubClient& client, const Repository& repository,
                                        const std::string& comment, const IssueOptions& options) {
  auto existing = find_open_regression_issue(client, repository, options);
  if (!existing) return existing.error();
  IssueOutcome outcome;
  if (!*existing) return outcome;
  outcome.number = (**existing)["number"].get<int64_t>();
  outcome.html_url = html_url_of(**existing);
  auto status = comment_on(client, repository, outcome.number, comment);
  if (!status) return status.error();
  auto closed =
      client.call("PATCH", fmt::format("{}/issues/{}", repository.api_path(), outcome.number),
                  Json{{"state", "closed"}, {"state_reason", "completed"}});
  if (!closed) return closed.error();
  outcome.action = IssueAction::closed;
  return outcome;
}

}  // namespace perfgate::github
