// SPDX-License-Identifier: MIT
// ReportInput: everything a renderer may show. Renderers are pure functions of it (no I/O);
// the sinks in report_files.h write their output.
#pragma once

#include "perfgate/results/run_result.h"
#include "perfgate/stats/baseline.h"
#include "perfgate/stats/verdict.h"

namespace perfgate::report {

struct ReportInput {
  const stats::Verdict& verdict;
  // The run the verdict is about; nullptr when only the verdict is known (the report then
  // shows what the checks carry).
  const results::RunResult* current = nullptr;
  // The baseline's latest full run, when there is a baseline; nullptr otherwise.
  const results::RunResult* baseline_run = nullptr;
  // The baseline with its history of run summaries, when known (its `latest` is usually what
  // baseline_run points to); nullptr otherwise.
  const stats::Baseline* baseline = nullptr;
};

}  // namespace perfgate::report
