// SPDX-License-Identifier: MIT
// `perf-gate report VERDICT [--results R] [--baseline B] --markdown|--html|--junit|--json FILE`:
// renders a stored verdict (with the runs behind it, when given) in any subset of the formats.
#include <fmt/format.h>

#include <memory>
#include <optional>

#include "perfgate/cli/command.h"
#include "perfgate/cli/report_flags.h"
#include "perfgate/pipeline/output_paths.h"
#include "perfgate/report/report_files.h"
#include "perfgate/results/result_file.h"
#include "perfgate/stats/baseline_file.h"
#include "perfgate/stats/verdict_file.h"
#include "perfgate/util/file.h"

namespace perfgate::cli {
namespace {

struct ReportFlags {
  std::string verdict;
  std::string results;
  std::string baseline;
  report::ReportPaths paths;
};

// Input files named on the command line: any failure to read them is the user's (exit 2).
template <typename T>
T input_or_throw(Result<T> result) {
  if (!result) {
    Error error = result.error();
    error.kind = ErrorKind::bad_input;
    throw Fatal(error);
  }
  return std::move(result).value();
}

// --baseline takes a baseline file (latest run + history) or a plain results file.
stats::Baseline load_baseline(const std::string& path) {
  std::string text = input_or_throw(util::read_file(path));
  Result<stats::Baseline> baseline = stats::parse_baseline(text, path);
  if (baseline) return std::move(baseline).value();
  Result<results::RunResult> run = results::parse_result(text, path);
  if (!run) input_or_throw(std::move(baseline));  // the baseline's error reads best
  stats::Baseline from_run;
  from_run.latest = std::move(run).value();
  return from_run;
}

ExitCode run_report(const ReportFlags& flags) {
  if (flags.paths.empty()) {
    throw Fatal(Error::bad_input(
        "report: nothing to write: give at least one of --markdown, --html, --junit, --json"));
  }
  pipeline::prepare_report_paths(flags.paths).value_or_throw();
  stats::Verdict verdict = input_or_throw(stats::read_verdict_file(flags.verdict));
  std::optional<results::RunResult> current;
  if (!flags.results.empty()) current = input_or_throw(results::read_result_file(flags.results));
  std::optional<stats::Baseline> baseline;
  if (!flags.baseline.empty()) baseline = load_baseline(flags.baseline);
  report::ReportInput input{verdict, current ? &*current : nullptr,
                            baseline ? &baseline->latest : nullptr,
                            baseline ? &*baseline : nullptr};
  Status written = report::write_reports(input, flags.paths);
  if (!written) throw Fatal(written.error());
  return ExitCode::success;
}

}  // namespace

CommandAction setup_report_command(CLI::App& app) {
  auto flags = std::make_shared<ReportFlags>();
  app.add_option("verdict", flags->verdict, "Verdict file (perf-gate/verdict/v1)")->required();
  app.add_option("--results", flags->results,
                 "Results file of the run, for per-endpoint tables, phases and charts");
  app.add_option("--baseline", flags->baseline,
                 "Baseline file (or a results file) the run was compared with");
  add_report_flags(app, flags->paths);
  app.add_option("--id", flags->paths.id, "Same as --report-id");
  return [flags] { return run_report(*flags); };
}

}  // namespace perfgate::cli
