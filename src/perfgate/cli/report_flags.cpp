// SPDX-License-Identifier: MIT
#include "perfgate/cli/report_flags.h"

namespace perfgate::cli {

void add_report_flags(CLI::App& app, report::ReportPaths& paths) {
  app.add_option("--markdown", paths.markdown,
                 "Write the Markdown report (PR comment, job summary); '-' for stdout");
  app.add_option("--html", paths.html, "Write the self-contained HTML report with charts");
  app.add_option("--junit", paths.junit, "Write JUnit XML, one test case per check");
  app.add_option("--json", paths.json, "Write the JSON report (verdict, summaries, series)");
  app.add_option("--report-id", paths.id,
                 "Id of the hidden marker <!-- perf-gate:ID --> (default: scenario/profile)");
  app.add_option("--markdown-limit", paths.markdown_max_chars,
                 "Largest Markdown report in bytes; detail is dropped to fit (default 65536, a "
                 "PR comment; 1048576 for a job summary; 0: no limit)");
  app.add_option("--report-link", paths.full_report_hint,
                 "Markdown that says where the full report is, for a shortened Markdown report");
}

}  // namespace perfgate::cli
