// SPDX-License-Identifier: MIT
#include "perfgate/github/check_publisher.h"

#include <fmt/format.h>

#include "perfgate/util/log.h"

namespace perfgate::github {
namespace {

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

size_t count_chars(std::string_view text) {
  size_t count = 0;
  for (char c : text) count += is_continuation(c) ? 0 : 1;
  return count;
}

const char* status_state(CheckConclusion conclusion) {
  // Statuses have no "neutral": a warning that does not fail the gate is a success.
  return conclusion == CheckConclusion::failure ? "failure" : "success";
}

std::string summary_for(const CheckPublication& publication) {
  static constexpr std::string_view k_note =
      "\n\n> perf-gate: cut to GitHub's 65,535-character limit.\n";
  if (count_chars(publication.summary_markdown) <= k_max_check_summary_chars) {
    return publication.summary_markdown;
  }
  return truncate_chars(publication.summary_markdown, k_max_check_summary_chars - k_note.size()) +
         std::string(k_note);
}

Result<CheckOutcome> create_status(GitHubClient& client, const Repository& repository,
                                   const CheckPublication& publication) {
  Json payload = {
      {"state", status_state(publication.conclusion)},
      {"description", truncate_chars(publication.title, k_max_status_description_chars)},
      {"context", publication.name}};
  if (!publication.details_url.empty()) payload["target_url"] = publication.details_url;
  auto created = client.call(
      "POST", fmt::format("{}/statuses/{}", repository.api_path(), publication.head_sha), payload);
  if (!created) return created.error();
  CheckOutcome outcome;
  outcome.kind = CheckPublished::status;
  outcome.id = created->value("id", int64_t{0});
  return outcome;
}

}  // namespace

Result<CheckMode> parse_check_mode(std::string_view text) {
  if (text.empty() || text == "check-run" || text == "check" || text == "true") {
    return CheckMode::check_run;
  }
  if (text == "status") return CheckMode::status;
  if (text == "false" || text == "off" || text == "none") return CheckMode::off;
  Error error = Error::bad_input(
      fmt::format("'{}' is not a check mode (expected check-run, status or false)", text));
  error.field = "check";
  return error;
}

const char* check_conclusion_name(CheckConclusion conclusion) {
  switch (conclusion) {
    case CheckConclusion::success:
      return "success";
    case CheckConclusion::neutral:
      return "neutral";
    case CheckConclusion::failure:
      return "failure";
  }
  return "neutral";
}

std::string truncate_chars(std::string_view text, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (is_continuation(text[i])) continue;
    if (chars == max_chars) return std::string(text.substr(0, i));
    ++chars;
  }
  return std::string(text);
}

Result<CheckOutcome> publish_check(GitHubClient& client, const Repository& repository,
                                   const CheckPublication& publication, CheckMode mode) {
  PG_ASSERT(mode != CheckMode::off);
  if (publication.head_sha.empty())
    return Error::runtime("no head commit to publish the verdict on");
  if (mode == CheckMode::status) return create_status(client, repository, publication);
  Json payload = {
      {"name", publication.name},
      {"head_sha", publication.head_sha},
      {"status", "completed"},
      {"conclusion", check_conclusion_name(publication.conclusion)},
      {"output",
       {{"title", truncate_chars(publication.title, 255)}, {"summary", summary_for(publication)}}}};
  if (!publication.details_url.empty()) payload["details_url"] = publication.details_url;
  auto response = client.request("POST", repository.api_path() + "/check-runs", payload);
  if (!response) return response.error();
  if (response->status == 403 || response->status == 404) {
    // A PAT, an OAuth token, or a token without `checks: write` cannot create check runs.
    util::notice(
        fmt::format("cannot create a check run (HTTP {}: {}); setting a commit status instead",
                    response->status, response->message()));
    auto status = create_status(client, repository, publication);
    if (status) status->fell_back = true;
    return status;
  }
  if (!response->ok()) {
    return Error::runtime(fmt::format("GitHub API POST {}/check-runs: HTTP {}: {}",
                                      repository.api_path(), response->status,
                                      response->message()));
  }
  CheckOutcome outcome;
  outcome.id = response->body.value("id", int64_t{0});
  if (response->body.contains("html_url") && response->body["html_url"].is_string()) {
    outcome.html_url = response->body["html_url"].get<std::string>();
  }
  return outcome;
}

}  // namespace perfgate::github
