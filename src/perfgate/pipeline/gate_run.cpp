// SPDX-License-Identifier: MIT
#include "perfgate/pipeline/gate_run.h"

#include <fmt/format.h>

namespace perfgate::pipeline {

report::ReportInput report_input(const GateRun& run) {
  const stats::Baseline* baseline = run.evaluation.baseline_or_null();
  return {run.verdict, &run.current, baseline ? &baseline->latest : nullptr, baseline};
}

void print_command(const std::string& line) {
  if (!line.empty()) fmt::print("{}\n", line);
}

bool gate_failed(const GateRun& run) {
  return github::gate_fails(run.config.fail_on, run.verdict.verdict);
}

}  // namespace perfgate::pipeline
