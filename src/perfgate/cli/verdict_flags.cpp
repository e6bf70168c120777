// SPDX-License-Identifier: MIT
#include "perfgate/cli/verdict_flags.h"

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
  app.add_option("--tolerance-for", flags.tolerance_for,
                 "Per-metric or per-endpoint tolerance: p99=0.2, login:p95=25%, login:*=0.15");
  app.add_option("--alpha", flags.alpha,
                 "False-alarm rate of the whole gate's regression checks (default 0.01)")
      ->check(CLI::Range(1e-6, 0.5));
  app.add_option("--correction", flags.correction, "Multiple testing: holm (default), bh, none")
      ->check(CLI::IsMember({"holm", "bh", "none"}));
  app.add_option("--run-cv", flags.run_cv,
                 "One-run baselines: the largest plausible run-to-run variation of a metric "
                 "(default 0.15); changes this noise alone could explain are inconclusive")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--min-latency-change-ms", flags.min_latency_change_ms,
                 "Latency must also rise by this many ms to fail (default 1)")
      ->check(CLI::Range(0.0, 1e6));
  app.add_option("--fail-on", flags.fail_on,
                 "Which verdict exits 1: fail (default), inconclusive (fail or could not judge), "
                 "warn, never")
      ->check(CLI::IsMember({"fail", "inconclusive", "warn", "never"}));
  app.add_option("--seed", flags.seed, "Seed of the permutation tests");
}

stats::CompareOptions compare_options(const VerdictFlags& flags,
                                      const stats::ThresholdSet* thresholds) {
  stats::CompareOptions options;
  options.profile = flags.profile;
  options.alpha = flags.alpha;
  if (flags.seed) options.seed = *flags.seed;
  if (flags.run_cv) options.assumed_run_cv = *flags.run_cv;
  if (flags.min_latency_change_ms) options.min_latency_change_ms = *flags.min_latency_change_ms;
  if (flags.correction == "bh") options.correction = stats::MultipleTesting::benjamini_hochberg;
  if (flags.correction == "none") options.correction = stats::MultipleTesting::none;
  if (thresholds != nullptr && thresholds->tolerances) {
    options.tolerances.override_with(*thresholds->tolerances);
  }
  if (flags.tolerance) {
    perfgate::Status status = stats::apply_tolerance_flag(options.tolerances, *flags.tolerance);
    if (!status) throw Fatal(status.error());
  }
  for (const std::string& spec : flags.tolerance_for) {
    perfgate::Status status = stats::apply_tolerance_flag(options.tolerances, spec);
    if (!status) throw Fatal(status.error());
  }
  return options;
}

ExitCode verdict_exit_code(const VerdictFlags& flags, stats::Status verdict) {
  auto fail_on = github::parse_fail_on(flags.fail_on).value_or(github::FailOn::fail);
  return github::gate_fails(fail_on, verdict) ? ExitCode::gate_failed : ExitCode::success;
}

}  // namespace perfgate::cli
