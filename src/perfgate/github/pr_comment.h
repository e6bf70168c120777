// SPDX-License-Identifier: MIT
// The sticky PR comment: one perf-gate comment per pull request and gate id, updated in place on
// every run (docs/reference/endpoints.md §1–4).
#pragma once

#include <cstdint>
#include <string>

#include "perfgate/github/github_client.h"

namespace perfgate::github {

// The login GITHUB_TOKEN posts as. GET /user is not available to that token, so perf-gate cannot
// ask who it is; comments are recognised by marker AND this author (configurable for PATs/Apps).
inline constexpr const char* k_actions_bot_login = "github-actions[bot]";

// The hidden marker that identifies perf-gate's comment for one gate id:
// "<!-- perf-gate:sticky id=<id> -->". Characters that could end the HTML comment are replaced.
std::string sticky_marker(std::string_view gate_id);

struct StickyCommentOptions {
  std::string marker;                              // from sticky_marker()
  std::string author_login = k_actions_bot_login;  // only comments by this login are ours
  // false: update an existing comment but never create one (comment: on-failure, gate passing)
  bool create_if_missing = true;
};

enum class CommentAction { created, updated, none };

struct CommentOutcome {
  CommentAction action = CommentAction::created;
  int64_t id = 0;
  std::string html_url;
  int duplicates_deleted = 0;  // older extra copies (e.g. from a retried POST) that were removed
};

// GitHub rejects issue and comment bodies over 65,536 characters; this cuts at a line boundary
// (never inside a UTF-8 character) to stay within `max_bytes` and says so.
std::string fit_body(std::string body, size_t max_bytes = 65'000);

// Lists every comment (all pages), finds ours by marker and author, and updates it, or creates
// one when there is none. The marker is prepended to `body` when it lacks it. When several
// match, the oldest is updated and the others are deleted.
Result<CommentOutcome> upsert_sticky_comment(GitHubClient& client, const Repository& repository,
                                             int64_t pr_number, const std::string& body,
                                             const StickyCommentOptions& options);

}  // namespace perfgate::github
