// SPDX-License-Identifier: MIT
#include "perfgate/cli/verdict_flags.h"

#include <fmt/format.h>

#include "perfgate/github/gate_config.h"
#include "perfgate/util/error.h"

namespace perfgate::cli {

void add_verdict_flags(CLI::App& app, VerdictFlags& flags, ThresholdProfileFlag profile) {
  if (profile == ThresholdProfileFlag::add) {
    app.add_option("--profile", flags.profile,
                   "Profile whose thresholds apply (default: the run's profile)");
  }
  app.add_option("--tolerance", flags.tolerance,
                 "Smallest relative change that fails (default 0.1 = 10%)");
  add_comparison_flags(app, flags);
  app.add_option("--fail-on", flags.fail_on,
                 "Which verdict exits 1: fail (default), inconclusive (fail or could not judge), "
                 "warn, never")
      ->check(CLI::IsMember({"fail", "inconclusive", "warn", "never"}));
}

void add_comparison_flags(CLI::App& app, VerdictFlags& flags) {
  app.add_option("--tolerance-for", flags.tolerance_for,
                 "Per-metric or per-endpoint tolerance: p99=0.2, login:p95=25%, login:*=0.15");
  app.add_option("--alpha", flags.alpha,
                 "False-alarm rate of the whole gate's regression checks (default 0.01)")
      ->check(CLI::Range(1e-6, 0.5));
  app.add_option("--correction", flags.correction, "Multiple testing: holm (default), bh, none")
      ->check(CLI::IsMember({"holm", "bh", "none"}));
  app.add_option("--run-cv", flags.run_cv,
                 "One-run baselines: the largest plausible run-to-run variation of a metric "
                 "(default 0.15; a p95 or p99 three times it); changes this noise alone could "
                 "explain are inconclusive")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--min-latency-change-ms", flags.min_latency_change_ms,
                 "Latency must also rise by this many ms to fail (default 1)")
      ->check(CLI::Range(0.0, 1e6));
  app.add_option("--seed", flags.seed, "Seed of the permutation tests");
}

pipeline::EvaluationSettings evaluation_settings(const VerdictFlags& flags) {
  pipeline::EvaluationSettings settings;
  settings.profile = flags.profile;
  // --tolerance first, so that --tolerance-for refines it.
  if (flags.tolerance) settings.tolerances.push_back(*flags.tolerance);
  settings.tolerances.insert(settings.tolerances.end(), flags.tolerance_for.begin(),
                             flags.tolerance_for.end());
  settings.alpha = flags.alpha;
  settings.correction = flags.correction;
  settings.seed = flags.seed;
  settings.run_cv = flags.run_cv;
  settings.min_latency_change_ms = flags.min_latency_change_ms;
  return settings;
}

stats::CompareOptions compare_options(const VerdictFlags& flags,
                                      const stats::ThresholdSet* thresholds) {
  return pipeline::compare_options(evaluation_settings(flags), thresholds).value_or_throw();
}

ExitCode verdict_exit_code(const VerdictFlags& flags, stats::Status verdict) {
  auto fail_on = github::parse_fail_on(flags.fail_on).value_or(github::FailOn::fail);
  return github::gate_fails(fail_on, verdict) ? ExitCode::gate_failed : ExitCode::success;
}

pipeline::AllErrors parse_all_errors(const std::string& value, const std::string& field) {
  if (value.empty() || value == "true" || value == "True" || value == "TRUE") {
    return pipeline::AllErrors::fail;
  }
  if (value == "false" || value == "False" || value == "FALSE") {
    return pipeline::AllErrors::checks_decide;
  }
  Error error = Error::bad_input(fmt::format("'{}' is not true or false", value));
  error.field = field;
  throw Fatal(error);
}

}  // namespace perfgate::cli
