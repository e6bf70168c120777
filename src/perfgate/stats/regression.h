// SPDX-License-Identifier: MIT
// The baseline comparison behind evaluate(): regression checks per endpoint and metric (history
// prediction interval, or one-run window tests, or exact tests on error counts), change-point
// checks over the history, and their multiple-testing control.
#pragma once

#include <string>
#include <vector>

#include "perfgate/results/run_result.h"
#include "perfgate/stats/baseline.h"
#include "perfgate/stats/compare.h"
#include "perfgate/stats/verdict.h"

namespace perfgate::stats {

struct BaselineComparison {
  std::vector<Check> checks;       // regression and change_point checks, statuses final
  std::vector<std::string> notes;  // which method, too little data, endpoints added/removed
};

// REQUIRES: scenario and profile already checked to match.
BaselineComparison compare_with_baseline(const results::RunResult& current,
                                         const Baseline& baseline, const CompareOptions& options);

}  // namespace perfgate::stats
