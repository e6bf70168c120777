// SPDX-License-Identifier: MIT
// Joins runs that happened one after another (the blocks of an interleaved A/B run) into one
// result: counts and histograms add, windows follow each other in time (a block's cut-short last
// window, when under half full, shares the next block's first), durations add; `joined` says
// where each block starts.
// (merge_results is for shards that ran side by side.)
#pragma once

#include <vector>

#include "perfgate/results/run_result.h"
#include "perfgate/util/result.h"

namespace perfgate::results {

// bad_input when empty, or when scenarios, profiles or window lengths differ.
Result<RunResult> join_in_sequence(const std::vector<RunResult>& blocks);

}  // namespace perfgate::results
