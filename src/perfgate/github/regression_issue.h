// SPDX-License-Identifier: MIT
// The regression issue: one open issue per scenario+profile regression, found again by a label
// and a hidden fingerprint marker, commented on instead of duplicated, and optionally closed when
// the gate passes again (docs/reference/endpoints.md §5–8).
#pragma once

#include <cstdint>
#include <string>

#include "perfgate/github/github_client.h"

namespace perfgate::github {

inline constexpr const char* k_default_issue_label = "performance-regression";

// "<!-- perf-gate:issue fingerprint=<scenario>/<profile> -->", sanitised like sticky_marker.
std::string issue_fingerprint_marker(std::string_view scenario, std::string_view profile);

struct IssueOptions {
  std::string label = k_default_issue_label;
  std::string marker;  // from issue_fingerprint_marker()
};

enum class IssueAction { opened, commented, closed, none };
const char* issue_action_name(IssueAction action);

struct IssueOutcome {
  IssueAction action = IssueAction::none;
  int64_t number = 0;
  std::string html_url;
};

// The open issue carrying the label and marker (pull requests excluded), or nullopt. Uses the
// issues list (no search rate bucket, no indexing delay); the oldest wins if there are several.
Result<std::optional<Json>> find_open_regression_issue(GitHubClient& client,
                                                       const Repository& repository,
                                                       const IssueOptions& options);

// Opens the issue (title, body with marker, label) or comments on the open one.
Result<IssueOutcome> report_regression(GitHubClient& client, const Repository& repository,
                                       const std::string& title, const std::string& body,
                                       const IssueOptions& options);

// Comments on and closes the open issue, if any ("none" when there is nothing to close).
Result<IssueOutcome> resolve_regression(GitHubClient& client, const Repository& repository,
                                        const std::string& comment, const IssueOptions& options);

}  // namespace perfgate::github
