// SPDX-License-Identifier: MIT
// `perf-gate compare RESULTS [--baseline FILE] [--thresholds FILE] …`: the verdict of one run.
#include <fmt/format.h>

#include <cstdio>
#include <optional>

#include "perfgate/cli/command.h"
#include "perfgate/cli/report_flags.h"
#include "perfgate/cli/verdict_flags.h"
#include "perfgate/github/gate_config.h"
#include "perfgate/pipeline/evaluation.h"
#include "perfgate/pipeline/output_paths.h"
#include "perfgate/report/console_report.h"
#include "perfgate/report/report_files.h"
#include "perfgate/results/result_file.h"
#include "perfgate/stats/verdict_file.h"

namespace perfgate::cli {
namespace {

struct CompareFlags {
  std::string results;
  std::string baseline;
  std::string thresholds;
  std::string out;
  std::string fail_on_all_errors = "true";
  VerdictFlags verdict;
  report::ReportPaths paths;
};

pipeline::EvaluationSettings settings_from(const CompareFlags& flags) {
  pipeline::EvaluationSettings settings = evaluation_settings(flags.verdict);
  // "none", as gate's input takes it: no thresholds (compare applies none unless given anyway).
  if (flags.thresholds != github::k_no_thresholds) settings.thresholds_path = flags.thresholds;
  settings.baseline_path = flags.baseline;
  settings.all_errors = parse_all_errors(flags.fail_on_all_errors, "--fail-on-all-errors");
  return settings;
}

ExitCode run_compare(const CompareFlags& flags) {
  pipeline::Evaluation evaluation =
      pipeline::prepare_evaluation(settings_from(flags)).value_or_throw();
  pipeline::prepare_output_file(flags.out, "--out").value_or_throw();
  pipeline::prepare_report_paths(flags.paths, flags.out).value_or_throw();
  results::RunResult current = results::read_result_file(flags.results).value_or_throw();
  stats::Verdict verdict = pipeline::evaluate(current, evaluation).value_or_throw();
  const stats::Baseline* baseline = evaluation.baseline_or_null();
  report::ReportInput input{verdict, &current, baseline ? &baseline->latest : nullptr, baseline};
  // A report or the verdict on stdout ('-') is for a pipe: the console summary then goes to
  // stderr.
  std::FILE* summary = flags.paths.any_to_stdout() || flags.out == "-" ? stderr : stdout;
  report::ConsoleOptions console;
  console.color = report::detect_color_mode(summary);
  fmt::print(summary, "{}", report::render_console(input, console));
  if (!flags.out.empty()) {
    perfgate::Status written = stats::write_verdict_file(flags.out, verdict);
    if (!written) throw Fatal(written.error());
  }
  if (!flags.paths.empty()) {
    perfgate::Status written = report::write_reports(input, flags.paths);
    if (!written) throw Fatal(written.error());
  }
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
  app.add_option("--thresholds", flags->thresholds,
                 "Thresholds file (k6 syntax, YAML or JSON); none: no thresholds");
  add_verdict_flags(app, flags->verdict);
  app.add_option("--out", flags->out, "Write the verdict as JSON (perf-gate/verdict/v1)");
  app.add_option("--fail-on-all-errors", flags->fail_on_all_errors,
                 "A run where every request failed fails the gate (true), or the checks decide "
                 "(false: no data when nothing else applies)")
      ->capture_default_str();
  add_report_flags(app, flags->paths);
  return [flags] { return run_compare(*flags); };
}

}  // namespace perfgate::cli
