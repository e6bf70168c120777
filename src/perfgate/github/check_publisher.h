// SPDX-License-Identifier: MIT
// The verdict on the head commit: a check run (POST /check-runs, Markdown as output.summary) or,
// when the token cannot create checks (403/404) or the user asks for it, a commit status
// (POST /statuses/{sha}) (docs/reference/endpoints.md §10–11).
#pragma once

#include <string>

#include "perfgate/github/github_client.h"

namespace perfgate::github {

inline constexpr size_t k_max_check_summary_chars = 65'535;
inline constexpr size_t k_max_status_description_chars = 140;

enum class CheckMode { check_run, status, off };
// "check-run" (also "true", ""), "status", "false"/"off"; bad_input otherwise.
Result<CheckMode> parse_check_mode(std::string_view text);

// The conclusion of the check: success, neutral (warnings that do not fail the gate), failure.
enum class CheckConclusion { success, neutral, failure };
const char* check_conclusion_name(CheckConclusion conclusion);

struct CheckPublication {
  std::string name = "perf-gate";  // check name / status context
  std::string head_sha;
  CheckConclusion conclusion = CheckConclusion::success;
  std::string title;             // one line: "perf-gate: fail (2 of 14 checks failed)"
  std::string summary_markdown;  // cut to 65,535 characters
  std::string details_url;       // the run URL
};

enum class CheckPublished { check_run, status };

struct CheckOutcome {
  CheckPublished kind = CheckPublished::check_run;
  int64_t id = 0;
  std::string html_url;
  bool fell_back = false;  // a check run was refused, so a status was set instead
};

// Cuts `text` to at most `max_chars` Unicode code points (JSON Schema's maxLength counts those).
std::string truncate_chars(std::string_view text, size_t max_chars);

// REQUIRES: mode != CheckMode::off.
Result<CheckOutcome> publish_check(GitHubClient& client, const Repository& repository,
                                   const CheckPublication& publication, CheckMode mode);

}  // namespace perfgate::github
