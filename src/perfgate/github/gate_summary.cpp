// SPDX-License-Identifier: MIT
#include "perfgate/github/gate_summary.h"

#include <fmt/format.h>

#include "perfgate/report/check_text.h"

namespace perfgate::github {

std::vector<Annotation> verdict_annotations(const stats::Verdict& verdict) {
  std::vector<Annotation> annotations;
  for (const stats::Check& check : verdict.checks) {
    if (check.status != stats::Status::fail && check.status != stats::Status::warn) continue;
    Annotation a;
    a.level =
        check.status == stats::Status::fail ? AnnotationLevel::error : AnnotationLevel::warning;
    a.title = fmt::format("perf-gate: {} {}", report::status_word(check.status),
                          report::check_subject(check, report::TextStyle::plain));
    a.message = report::check_finding(check, report::TextStyle::plain);
    if (!check.explanation.empty() && a.message != check.explanation) {
      a.message += "\n" + check.explanation;
    }
    annotations.push_back(std::move(a));
  }
  return annotations;
}

std::vector<std::pair<std::string, std::string>> gate_outputs(const GateOutputValues& v) {
  return {
      {"verdict", v.verdict},
      {"passed", v.gate_failed ? "false" : "true"},
      {"summary", v.summary},
      {"p95-ms", v.p95_ms ? fmt::format("{:.3f}", *v.p95_ms) : ""},
      {"failed-checks", std::to_string(v.failed_checks)},
      {"report-dir", v.report_dir},
      {"report-markdown", v.markdown_path},
      {"report-html", v.html_path},
      {"report-junit", v.junit_path},
      {"report-json", v.json_path},
      {"comment-url", v.comment_url},
      {"issue-url", v.issue_url},
  };
}

std::vector<std::string> gate_output_names() {
  std::vector<std::string> names;
  for (const auto& [name, value] : gate_outputs({})) names.push_back(name);
  return names;
}

}  // namespace perfgate::github
