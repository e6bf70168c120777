// SPDX-License-Identifier: MIT
#include "perfgate/cli/interleaved_run.h"

#include <fmt/format.h>

#include "perfgate/results/sequence.h"
#include "perfgate/util/error.h"

namespace perfgate::cli {
namespace {

results::RunResult run_block(const scenario::Scenario& scenario, engine::RunOptions options,
                             const std::string& target) {
  options.target = target;
  return engine::run_load(scenario, options).value_or_throw();
}

double p50_ms(const results::RunResult& run) {
  return static_cast<double>(run.metrics.total().latency.value_at_percentile(50)) / 1e3;
}

bool stopped(const engine::RunOptions& options) {
  return options.stop_flag != nullptr && options.stop_flag->load();
}

results::RunResult join_side(const std::vector<stats::AbRound>& rounds,
                             results::RunResult stats::AbRound::*side, const std::string& target) {
  std::vector<results::RunResult> blocks;
  for (const stats::AbRound& round : rounds) blocks.push_back(round.*side);
  results::RunResult joined = results::join_in_sequence(blocks).value_or_throw();
  joined.meta.target = target;
  return joined;
}

}  // namespace

InterleavedRun run_interleaved(const scenario::Scenario& scenario,
                               const engine::RunOptions& options, const InterleavedPlan& plan) {
  InterleavedRun run;
  for (int i = 0; i < plan.rounds && !stopped(options); ++i) {
    stats::AbRound round;
    bool base_first = i % 2 == 0;  // ABBA: linear drift over a pair of rounds cancels
    const std::string& first = base_first ? plan.base_target : plan.head_target;
    const std::string& second = base_first ? plan.head_target : plan.base_target;
    (base_first ? round.base : round.head) = run_block(scenario, options, first);
    if (stopped(options)) break;
    (base_first ? round.head : round.base) = run_block(scenario, options, second);
    fmt::print(stderr, "perf-gate: ab round {}/{}: base p50 {:.2f} ms, head p50 {:.2f} ms\n", i + 1,
               plan.rounds, p50_ms(round.base), p50_ms(round.head));
    run.rounds.push_back(std::move(round));
  }
  if (!run.rounds.empty()) {
    run.base = join_side(run.rounds, &stats::AbRound::base, plan.base_target);
    run.head = join_side(run.rounds, &stats::AbRound::head, plan.head_target);
  }
  return run;
}

}  // namespace perfgate::cli
