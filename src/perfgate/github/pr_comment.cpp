// SPDX-License-Identifier: MIT
#include "perfgate/github/pr_comment.h"

#include <fmt/format.h>

#include <algorithm>

#include "perfgate/util/log.h"

namespace perfgate::github {
namespace {

std::string string_field(const Json& object, const char* key) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_string()) return "";
  return object[key].get<std::string>();
}

bool is_ours(const Json& comment, const StickyCommentOptions& options) {
  if (!comment.is_object() || !comment.contains("id") || !comment["id"].is_number_integer()) {
    return false;
  }
  if (string_field(comment, "body").find(options.marker) == std::string::npos) return false;
  // user is null for a deleted account.
  return comment.contains("user") && string_field(comment["user"], "login") == options.author_login;
}

}  // namespace

std::string sticky_marker(std::string_view gate_id) {
  std::string id(gate_id.empty() ? "default" : gate_id);
  // "--" and ">" could close the HTML comment early; spaces would split the key.
  std::replace_if(
      id.begin(), id.end(), [](char c) { return c == '-' || c == '>' || c == ' '; }, '_');
  return fmt::format("<!-- perf-gate:sticky id={} -->", id);
}

std::string fit_body(std::string body, size_t max_bytes) {
  if (body.size() <= max_bytes) return body;
  static constexpr std::string_view k_note =
      "\n\n> perf-gate: this report was cut to fit GitHub's size limit; see the job summary.\n";
  size_t budget = max_bytes - k_note.size();
  size_t cut = body.rfind('\n', budget);
  if (cut == std::string::npos) {
    cut = budget;
    while (cut > 0 && (static_cast<unsigned char>(body[cut]) & 0xC0) == 0x80) --cut;
  }
  body.resize(cut);
  body += k_note;
  return body;
}

Result<CommentOutcome> upsert_sticky_comment(GitHubClient& client, const Repository& repository,
                                             int64_t pr_number, const std::string& body,
                                             const StickyCommentOptions& options) {
  std::string text =
      body.find(options.marker) == std::string::npos ? options.marker + "\n" + body : body;
  text = fit_body(std::move(text));
  auto comments =
      client.list_all(fmt::format("{}/issues/{}/comments", repository.api_path(), pr_number));
  if (!comments) return comments.error();
  std::vector<const Json*> ours;
  for (const Json& comment : *comments) {
    if (is_ours(comment, options)) ours.push_back(&comment);
  }
  // Ascending id is GitHub's order; sort anyway so "oldest" never depends on it.
  std::sort(ours.begin(), ours.end(), [](const Json* a, const Json* b) {
    return (*a)["id"].get<int64_t>() < (*b)["id"].get<int64_t>();
  });
  CommentOutcome outcome;
  Json payload = {{"body", text}};
  if (ours.empty() && !options.create_if_missing) {
    outcome.action = CommentAction::none;
    return outcome;
  }
  if (ours.empty()) {
    auto created = client.call(
        "POST", fmt::format("{}/issues/{}/comments", repository.api_path(), pr_number), payload);
    if (!created) return created.error();
    outcome.action = CommentAction::created;
    outcome.id = created->value("id", int64_t{0});
    outcome.html_url = string_field(*created, "html_url");
    return outcome;
  }
  int64_t id = (*ours.front())["id"].get<int64_t>();
  auto updated = client.call(
      "PATCH", fmt::format("{}/issues/comments/{}", repository.api_path(), id), payload);
  if (!updated) return updated.error();
  outcome.action = CommentAction::updated;
  outcome.id = id;
  outcome.html_url = string_field(*updated, "html_url");
  for (size_t i = 1; i < ours.size(); ++i) {
    int64_t extra = (*ours[i])["id"].get<int64_t>();
    auto deleted = client.request(
        "DELETE", fmt::format("{}/issues/comments/{}", repository.api_path(), extra));
    if (deleted && deleted->ok()) {
      ++outcome.duplicates_deleted;
    } else {
      PG_LOG("github: could not delete duplicate comment {}", extra);
    }
  }
  return outcome;
}

}  // namespace perfgate::github
