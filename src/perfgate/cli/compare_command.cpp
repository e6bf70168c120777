// SPDX-License-Identifier: MIT
// `perf-gate compare RESULTS [--baseline FILE] [--thresholds FILE] …`: the verdict of one run.
#include <fmt/format.h>

#include <filesystem>
#include <optional>

#include "perfgate/cli/command.h"
#include "perfgate/cli/verdict_flags.h"
#include "perfgate/report/console_report.h"
#include "perfgate/results/result_file.h"
#include "perfgate/stats/baseline_file.h"
#include "perfgate/stats/compare.h"
#include "perfgate/stats/verdict_file.h"
#include "perfgate/util/log.h"

namespace perfgate::cli {
namespace {

struct CompareFlags {
  std::string results;
  std::string baseline;
  std::string thresholds;
  std::string out;
  VerdictFlags verdict;
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

ExitCode run_compare(const CompareFlags& flags) {
  results::RunResult current = results::read_result_file(flags.results).value_or_throw();
  std::optional<stats::ThresholdSet> thresholds;
  if (!flags.thresholds.empty()) {
    thresholds = stats::load_thresholds(flags.thresholds).value_or_throw();
  }
  std::optional<stats::Baseline> baseline = load_baseline(flags.baseline);
  stats::CompareOptions options =
      compare_options(flags.verdict, thresholds ? &*thresholds : nullptr);
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
  // By default pass, warn, inconclusive and no_data exit 0: only a failed check fails the job.
  return verdict_exit_code(flags.verdict, verdict.verdict);
}

}  // namespace

CommandAction setup_compare_command(CLI::App& app) {
  auto flags = std::make_shared<CompareFlags>();
  app.add_option("results", flags->results, "Results file of the run (perf-gate/results/v1)")
      ->required();
  app.add_option("--baseline", flags->baseline,
                 "Baseline file (perf-gate/baseline/v1); a missing file means no baseline yet");
  app.add_option("--thresholds", flags->thresholds, "Thresholds file (k6 syntax, YAML or JSON)");
  add_verdict_flags(app, flags->verdict);
  app.add_option("--out", flags->out, "Write the verdict as JSON (perf-gate/verdict/v1)");
  return [flags] { return run_compare(*flags); };
}

}  // namespace perfgate::cli
