// SPDX-License-Identifier: MIT
// `perf-gate compare RESULTS [--baseline FILE] [--thresholds FILE] …`: the verdict of one run.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <optional>

#include "perfgate/cli/command.h"
#include "perfgate/report/console_report.h"
#include "perfgate/results/result_file.h"
#include "perfgate/stats/baseline_file.h"
#include "perfgate/stats/compare.h"
#include "perfgate/stats/tolerances.h"
#include "perfgate/stats/verdict_file.h"
#include "perfgate/util/log.h"

namespace perfgate::cli {
namespace {

struct CompareFlags {
  std::string results;
  std::string baseline;
  std::string thresholds;
  std::string profile;
  std::string out;
  std::optional<std::string> tolerance;
  std::vector<std::string> tolerance_for;
  double alpha = 0.01;
  std::string correction = "holm";
  std::optional<uint64_t> seed;
  std::optional<double> run_cv;
};

// A missing baseline file is the normal first run ("no baseline"); a broken one is bad input.
std::optional<stats::Baseline> load_baseline(const std::string& path) {
  if (path.empty()) return std::nullopt;
  if (!std::filesystem::exists(path)) {
    util::warn(
        fmt::format("baseline '{}' does not exist yet: comparing with thresholds only", path));
    return std::nullopt;
  }
  Result<stats::Baseline> baseline = stats::read_baseline_file(path);
  if (!baseline) {
    Error error = baseline.error();
    error.kind = ErrorKind::bad_input;
    throw Fatal(error);
  }
  return std::move(*baseline);
}

stats::CompareOptions options_from(const CompareFlags& flags,
                                   const stats::ThresholdSet* thresholds) {
  stats::CompareOptions options;
  options.profile = flags.profile;
  options.alpha = flags.alpha;
  if (flags.seed) options.seed = *flags.seed;
  if (flags.run_cv) options.assumed_run_cv = *flags.run_cv;
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

// --profile names the thresholds section to apply: the run's own profile or a section the
// thresholds file has. Anything else is a typo that would silently apply no profile's rules.
void check_profile(const std::string& profile, const results::RunResult& run,
                   const stats::ThresholdSet* thresholds) {
  if (profile.empty() || profile == run.meta.profile) return;
  if (thresholds != nullptr && thresholds->profiles.contains(profile)) return;
  std::vector<std::string> known{run.meta.profile};
  if (thresholds != nullptr) {
    for (const auto& [name, rules] : thresholds->profiles) known.push_back(name);
  }
  throw Fatal(
      Error::bad_input(fmt::format("--profile '{}' is neither the run's profile nor a "
                                   "section of the thresholds (known: {})",
                                   profile, fmt::join(known, ", "))));
}

ExitCode run_compare(const CompareFlags& flags) {
  results::RunResult current = results::read_result_file(flags.results).value_or_throw();
  std::optional<stats::ThresholdSet> thresholds;
  if (!flags.thresholds.empty()) {
    thresholds = stats::load_thresholds(flags.thresholds).value_or_throw();
  }
  check_profile(flags.profile, current, thresholds ? &*thresholds : nullptr);
  std::optional<stats::Baseline> baseline = load_baseline(flags.baseline);
  stats::CompareOptions options = options_from(flags, thresholds ? &*thresholds : nullptr);
  std::vector<std::string> endpoints;
  for (const auto& series : current.metrics.endpoints) endpoints.push_back(series.name);
  if (auto known = stats::check_tolerance_endpoints(options.tolerances, endpoints); !known)
    throw Fatal(known.error());
  stats::Verdict verdict = stats::evaluate(current, baseline ? &*baseline : nullptr,
                                           thresholds ? &*thresholds : nullptr, options)
                               .value_or_throw();
  report::ReportInput input{verdict, &current, baseline ? &baseline->latest : nullptr,
                            baseline ? &*baseline : nullptr};
  report::ConsoleOptions console;
  console.color = report::detect_color_mode(stdout);
  fmt::print("{}", report::render_console(input, console));
  if (!flags.out.empty()) {
    perfgate::Status written = stats::write_verdict_file(flags.out, verdict);
    if (!written) throw Fatal(written.error());
  }
  // Extension point for the report engineer: --markdown/--html/--junit/--json outputs are
  // written here from `verdict` (e.g. write_reports(report_flags, verdict, current)).
  // pass, warn and no_data exit 0: only a failed check fails the job.
  return verdict.verdict == stats::Status::fail ? ExitCode::gate_failed : ExitCode::success;
}

}  // namespace

CommandAction setup_compare_command(CLI::App& app) {
  auto flags = std::make_shared<CompareFlags>();
  app.add_option("results", flags->results, "Results file of the run (perf-gate/results/v1)")
      ->required();
  app.add_option("--baseline", flags->baseline,
                 "Baseline file (perf-gate/baseline/v1); a missing file means no baseline yet");
  app.add_option("--thresholds", flags->thresholds, "Thresholds file (k6 syntax, YAML or JSON)");
  app.add_option("--profile", flags->profile,
                 "Profile whose thresholds apply (default: the run's profile)");
  app.add_option("--tolerance", flags->tolerance,
                 "Smallest relative change that fails (default 0.1 = 10%)");
  app.add_option("--tolerance-for", flags->tolerance_for,
                 "Per-metric or per-endpoint tolerance: p99=0.2, login:p95=25%, login:*=0.15");
  app.add_option("--alpha", flags->alpha,
                 "False-alarm rate of the whole gate's regression checks (default 0.01)")
      ->check(CLI::Range(1e-6, 0.5));
  app.add_option("--correction", flags->correction, "Multiple testing: holm (default), bh, none")
      ->check(CLI::IsMember({"holm", "bh", "none"}));
  app.add_option("--run-cv", flags->run_cv,
                 "One-run baselines: assumed run-to-run variation of a metric (default 0.05)")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--seed", flags->seed, "Seed of the bootstrap and permutation tests");
  app.add_option("--out", flags->out, "Write the verdict as JSON (perf-gate/verdict/v1)");
  return [flags] { return run_compare(*flags); };
}

}  // namespace perfgate::cli
