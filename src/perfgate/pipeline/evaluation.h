// SPDX-License-Identifier: MIT
// The evaluate stage that `compare` and `gate` share: thresholds, baseline and comparison
// options loaded and validated once (before any load is sent), then one verdict from a run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "perfgate/results/run_result.h"
#include "perfgate/stats/baseline.h"
#include "perfgate/stats/compare.h"
#include "perfgate/stats/thresholds.h"
#include "perfgate/stats/verdict.h"
#include "perfgate/util/result.h"

namespace perfgate::pipeline {

// What a run in which every request failed is: a failed gate (the default: an unreachable target
// must not pass), or whatever the checks say (NO DATA when nothing else applies).
enum class AllErrors { fail, checks_decide };

// A baseline read from elsewhere than a file (a data branch): its text, or nullopt when none is
// stored yet (the first run); `source` names it in messages ("perf-gate-data:perf/b.json").
struct FetchedBaseline {
  std::optional<std::string> text;
  std::string source;
};

// Where the evaluation's inputs are and how to compare; the union of compare's and gate's flags.
struct EvaluationSettings {
  std::string thresholds_path;  // empty: thresholds_text, if any
  std::string thresholds_text;  // thresholds (YAML) used when there is no path; empty: none
  std::string thresholds_source = "thresholds";  // names thresholds_text in errors
  std::string baseline_path;  // empty: no baseline; a missing file: the first run
  std::optional<FetchedBaseline> fetched_baseline;  // set: used instead of baseline_path
  std::string profile;  // whose thresholds apply; empty: the run's profile
  // Tolerance specs applied in order: "0.1", "10%", "p99=0.2", "login:p95=25%".
  std::vector<std::string> tolerances;
  std::optional<double> alpha;                  // false-alarm rate of the whole gate
  std::string correction;                       // "holm" (empty), "bh" or "none"
  std::optional<uint64_t> seed;                 // change points' permutation test
  std::optional<double> run_cv;                 // one-run baselines: assumed run-to-run variation
  std::optional<double> min_latency_change_ms;  // latency must also rise by this much to fail
  AllErrors all_errors = AllErrors::fail;
};

// The inputs, loaded and checked.
struct Evaluation {
  std::optional<stats::ThresholdSet> thresholds;
  std::optional<stats::Baseline> baseline;
  stats::CompareOptions options;
  AllErrors all_errors = AllErrors::fail;

  const stats::ThresholdSet* thresholds_or_null() const {
    return thresholds ? &*thresholds : nullptr;
  }
  const stats::Baseline* baseline_or_null() const { return baseline ? &*baseline : nullptr; }
};

// The comparison options `settings` describe, on top of the thresholds file's tolerances (when
// given). bad_input for a malformed tolerance (field "tolerance").
Result<stats::CompareOptions> compare_options(const EvaluationSettings& settings,
                                              const stats::ThresholdSet* thresholds);

// Loads thresholds and baseline and builds the comparison options. A missing baseline file is
// the normal first run (a notice); an unreadable or broken one is bad_input, as is a bad
// tolerance (field "tolerance").
Result<Evaluation> prepare_evaluation(const EvaluationSettings& settings);

// Before a run: bad_input when the baseline is of another scenario or profile than the run will
// be, so that the mismatch costs no load. Field "baseline".
Status check_baseline_fits(const Evaluation& evaluation, const std::string& scenario,
                           const std::string& profile);

// The verdict of `current`: thresholds, baseline comparison, and the all-errors rule.
Result<stats::Verdict> evaluate(const results::RunResult& current, const Evaluation& evaluation);

// Fails the verdict when every request of `current` failed (and there were some): a failing check
// that says so, or that reason added to a failing run-wide error-rate threshold, moved first;
// returns whether it did. Exposed for tests; evaluate() calls it under AllErrors::fail.
bool fail_when_every_request_failed(const results::RunResult& current, stats::Verdict& verdict);

}  // namespace perfgate::pipeline
