// SPDX-License-Identifier: MIT
// The sink: renders the reports a caller asks for and writes them (atomically; "-" is stdout).
// `report`, `compare` and `gate` offer the same outputs through this one function.
#pragma once

#include <string>

#include "perfgate/report/markdown_report.h"
#include "perfgate/report/report_input.h"
#include "perfgate/util/result.h"

namespace perfgate::report {

struct ReportPaths {
  std::string markdown;  // empty: not written
  std::string html;
  std::string junit;
  std::string json;
  // The marker id for every report; empty: "<scenario>/<profile>".
  std::string id;
  // The Markdown file's size limit (bytes; 0: none). Default: a PR comment's.
  size_t markdown_max_chars = k_pr_comment_limit;
  // Where the full report is, for a shortened Markdown file (trusted Markdown).
  std::string full_report_hint;

  bool empty() const { return markdown.empty() && html.empty() && junit.empty() && json.empty(); }
  // Whether some report goes to standard output ('-'), which must then carry nothing else.
  bool any_to_stdout() const {
    return markdown == "-" || html == "-" || junit == "-" || json == "-";
  }
};

// Writes every report whose path is set. A runtime error names the file that failed; the
// others are still attempted.
Status write_reports(const ReportInput& input, const ReportPaths& paths);

}  // namespace perfgate::report
