// SPDX-License-Identifier: MIT
// Runs interleaved A/B load: rounds of one base block and one head block on this runner, in ABBA
// order (base-head, head-base, …), each block the scenario's profile for the options' duration.
// Used by `perf-gate ab` and by `gate` when a baseline target is given (the A/B stage).
#pragma once

#include <string>
#include <vector>

#include "perfgate/engine/load_engine.h"
#include "perfgate/stats/interleaved.h"

namespace perfgate::pipeline {

struct InterleavedPlan {
  std::string base_target;
  std::string head_target;
  int rounds = 10;
  bool print_rounds = true;  // a line on stderr per round (`--progress off`: none)
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

struct GateRun;

// The gate's A/B stage, in place of run_gate_load: the rounds against run.config's baseline
// target and target (the blocks as long as ab-block), stop signals ending them after the block
// under way; fills run.current (the head's blocks joined), run.ab_base and run.ab_rounds, and
// writes report-dir/results.json (head) and base-results.json.
void run_gate_interleaved(GateRun& run);

// The verdict of the A/B stage's rounds: the paired comparison, thresholds on the head, and the
// all-errors rule.
Result<stats::Verdict> evaluate_interleaved(const GateRun& run);

}  // namespace perfgate::pipeline
