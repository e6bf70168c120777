// SPDX-License-Identifier: MIT
// The flags that shape a verdict, shared by `compare`, `ab` and `gate` so that they cannot drift:
// tolerances, the false-alarm budget, the one-run noise range, and which verdict exits 1. They
// map onto pipeline::EvaluationSettings, where the comparison options are built once.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "perfgate/cli/exit_code.h"
#include "perfgate/pipeline/evaluation.h"
#include "perfgate/stats/compare.h"
#include "perfgate/stats/thresholds.h"

namespace perfgate::cli {

struct VerdictFlags {
  std::string profile;
  std::optional<std::string> tolerance;
  std::vector<std::string> tolerance_for;
  double alpha = 0.01;
  std::string correction = "holm";
  std::optional<uint64_t> seed;
  std::optional<double> run_cv;
  std::optional<double> min_latency_change_ms;
  std::string fail_on = "fail";
};

// Whether --profile (the profile whose thresholds apply) is one of the flags: `ab` uses
// --profile for the load it runs instead.
enum class ThresholdProfileFlag { add, omit };

// Adds --tolerance, --tolerance-for, --alpha, --correction, --run-cv, --fail-on, --seed (and
// --profile) to `app`.
void add_verdict_flags(CLI::App& app, VerdictFlags& flags,
                       ThresholdProfileFlag profile = ThresholdProfileFlag::add);

// Adds only the comparison flags (--tolerance-for, --alpha, --correction, --run-cv,
// --min-latency-change-ms, --seed): for `gate`, whose profile, tolerance and fail-on are inputs.
void add_comparison_flags(CLI::App& app, VerdictFlags& flags);

// The settings the flags describe (thresholds and baseline paths are the command's to add).
pipeline::EvaluationSettings evaluation_settings(const VerdictFlags& flags);

// The comparison options the flags (and the thresholds file's tolerances) describe. Throws
// Fatal (bad input) for a malformed tolerance.
stats::CompareOptions compare_options(const VerdictFlags& flags,
                                      const stats::ThresholdSet* thresholds);

// gate_failed when the verdict is at or above --fail-on, else success.
ExitCode verdict_exit_code(const VerdictFlags& flags, stats::Status verdict);

// fail-on-all-errors: "true" (or empty): a run where every request failed fails the gate;
// "false": the checks decide. Throws Fatal (bad input naming `field`) for anything else.
pipeline::AllErrors parse_all_errors(const std::string& value, const std::string& field);

}  // namespace perfgate::cli
