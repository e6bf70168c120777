// SPDX-License-Identifier: MIT
// Runs interleaved A/B load: rounds of one base block and one head block on this runner, in ABBA
// order (base-head, head-base, …), each block the scenario's profile for the options' duration.
// Used by `perf-gate ab` and by `gate` when a baseline target is given.
#pragma once

#include <string>
#include <vector>

#include "perfgate/engine/load_engine.h"
#include "perfgate/stats/interleaved.h"

namespace perfgate::cli {

struct InterleavedPlan {
  std::string base_target;
  std::string head_target;
  int rounds = 10;
};

struct InterleavedRun {
  std::vector<stats::AbRound> rounds;  // complete rounds only
  results::RunResult base;             // the base blocks joined in sequence (empty: no rounds)
  results::RunResult head;
};

// `options.duration` is the block length. When options.stop_flag is raised the rounds end
// after the block under way; a round whose second block did not run is dropped. Bad input
// (scenario, profile, targets) throws Fatal before or at the first block.
InterleavedRun run_interleaved(const scenario::Scenario& scenario,
                               const engine::RunOptions& options, const InterleavedPlan& plan);

}  // namespace perfgate::cli
