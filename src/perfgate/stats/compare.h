// SPDX-License-Identifier: MIT
// The gate: thresholds plus the baseline comparison of a run, with the best method the data
// allows, multiple-testing control over the whole gate, and a Verdict that explains each check.
// Methods and defaults are documented in docs/gate.md.
#pragma once

#include <cstdint>
#include <string>

#include "perfgate/results/run_result.h"
#include "perfgate/stats/baseline.h"
#include "perfgate/stats/multiple_testing.h"
#include "perfgate/stats/thresholds.h"
#include "perfgate/stats/tolerances.h"
#include "perfgate/stats/verdict.h"

namespace perfgate::stats {

struct CompareOptions {
  // The profile whose thresholds apply; empty: the current run's profile.
  std::string profile;
  // The false-alarm rate of the whole gate's regression checks (family-wise with Holm).
  double alpha = 0.01;
  // How p-values of all regression checks are adjusted together. Holm by default: it bounds the
  // chance that a gate with no real change fails at all, which is what a CI user experiences.
  MultipleTesting correction = MultipleTesting::holm;
  // The smallest relative change worth failing on (default 10 %), per metric and endpoint.
  Tolerances tolerances;
  // Runs of history from which the run-to-run noise is measured (variances moderated across
  // checks); with fewer, it cannot be, and the one-run method judges against a range of it.
  int min_history_for_noise = 2;
  // The current run is this many runs of the same code joined one after another (a gate's
  // confirmation runs): the run-to-run noise of their mean is the history's divided by this.
  int current_runs = 1;
  // Runs of history change-point detection needs.
  int min_history = 5;
  // With a one-run baseline the run-to-run noise cannot be measured: the largest variation
  // between two runs of the same code that is still plausible (coefficient of variation of one
  // run's metric). A change fails only if it is a regression even at this noise; one that the
  // noise alone could make a pass or a fail is inconclusive. 15 %: p95 of short runs on shared
  // 2-core CI machines varied 10–20 % from run to run.
  double assumed_run_cv = 0.15;
  // ... times this for a tail (p95, p99), whose run-to-run variation is wider: in the recorded
  // corpus (bench/corpus) a 10 ms endpoint's p95 varied between unchanged runs with a log SD of
  // 0.21–0.45 in each disturbed group (a busy machine, a CPU hog, a stall, a CPU-throttled nginx:
  // 12.3 → 43.5 ms), its p50 with 0.00–0.17; at 15 % a one-run baseline failed 6 % of unchanged
  // throttled 5 s runs on that p95. So against one run a tail fails only beyond about 7×.
  double tail_run_cv_factor = 3;
  // ... plus this much absolute variation of a latency between runs: a scheduler's time slice on
  // a busy runner moves a 0.3 ms endpoint's p95 to several ms (measured: 0.34 -> 11.9 ms between
  // two unchanged runs on a loaded 2-core machine), which no relative noise covers.
  double assumed_run_noise_ms = 2.0;
  // A pass needs the one-sided upper confidence bound at 1 - pass_alpha under the tolerance
  // (the gate passes only when every check does: intersection–union, no adjustment needed).
  double pass_alpha = 0.05;
  // The power at which each check's detectable change is reported.
  double power = 0.8;
  // Latency must also rise by this much in absolute terms: +10 % of a 0.2 ms endpoint is
  // 0.02 ms, well inside a scheduler's jitter and of no consequence to a user.
  double min_latency_change_ms = 1.0;
  // Error rates must also rise by this much in absolute terms (0.001 = 0.1 percentage point),
  // so that a 0.01 % -> 0.02 % blip is not a "+100 % regression".
  double min_error_rate_increase = 0.001;
  // Windows are merged into blocks with at least this many requests per block and per
  // expected tail sample: a p99 block needs 10 / (1 - 0.99) = 1000 requests.
  int tail_samples_per_block = 10;
  // A within-run spread needs at least this many blocks on each side; runs are cut into at most
  // max_blocks blocks (a 24 h soak costs what a 30 s run does).
  int min_blocks = 3;
  int max_blocks = 30;
  // A run is disturbed when its window throughput swings: this share of windows off the median
  // by 2× or more (a throughput drop it shows is then inconclusive).
  double disturbed_window_share = 0.15;
  // Seed of the change points' permutation test, printed in the method string so that a
  // verdict can be reproduced.
  uint64_t seed = 20261122;
  // Change-point detection over the history plus this run (warn only): the most recent runs
  // it looks at, and the permutations of its significance test.
  bool change_points = true;
  int change_point_window = 20;
  int permutations = 9999;  // stops early when clearly not significant
};

// Options for a gate that may look at its data up to `looks` times (confirmation runs): each
// look may pass or fail it, so the false-alarm and pass budgets are split across them
// (Bonferroni).
CompareOptions split_across_looks(CompareOptions options, int looks);

// Evaluates `current` against thresholds (when given) and a baseline (when given).
// Errors (bad_input, exit 2): results and baseline of different scenarios or profiles; a
// threshold naming an endpoint the results do not have.
Result<Verdict> evaluate(const results::RunResult& current, const Baseline* baseline,
                         const ThresholdSet* thresholds, const CompareOptions& options);

}  // namespace perfgate::stats
