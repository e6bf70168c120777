// SPDX-License-Identifier: MIT
// What the gate tells the runner about a verdict: annotations for the checks that failed or
// warned, and the step outputs (verdict, summary, p95 of the total, failed checks, report paths).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "perfgate/github/workflow_commands.h"
#include "perfgate/stats/verdict.h"

namespace perfgate::github {

// One annotation per failing (error) or warning (warning) check, uncapped: cap_annotations()
// keeps what GitHub will show.
std::vector<Annotation> verdict_annotations(const stats::Verdict& verdict);

struct GateOutputValues {
  std::string verdict;           // "pass", "warn", "fail", "no_data"
  std::string summary;           // one line
  std::optional<double> p95_ms;  // of all requests
  int failed_checks = 0;
  std::string report_dir;
  std::string markdown_path, html_path, junit_path, json_path;
  std::string comment_url;
  std::string issue_url;
  bool gate_failed = false;
};

// The name=value pairs for $GITHUB_OUTPUT, in the order action.yml lists them.
std::vector<std::pair<std::string, std::string>> gate_outputs(const GateOutputValues& values);

// Output names, for action.yml's `outputs` (and its test).
std::vector<std::string> gate_output_names();

}  // namespace perfgate::github
