// SPDX-License-Identifier: MIT
#include "perfgate/pipeline/gate_prepare.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "perfgate/importers/import.h"
#include "perfgate/pipeline/output_paths.h"
#include "perfgate/pipeline/shard_results.h"
#include "perfgate/results/result_file.h"
#include "perfgate/scenario/scenario_loader.h"
#include "perfgate/util/log.h"

namespace perfgate::pipeline {
namespace {

// The baseline's file is where the mismatch shows (an annotation on it), when nothing closer is.
Status baseline_fits(const GateRun& run, const LoadIdentity& identity) {
  Status fits = check_baseline_fits(run.evaluation, identity.scenario, identity.profile);
  if (fits) return fits;
  Error error = fits.error();
  if (!error.location) error.location = SourceLocation{run.config.baseline, 0, 0};
  return error;
}

// As many confirmation runs as max-gate-time leaves room for at the planned length: α is split
// across the looks that can happen, not spent on ones the budget would refuse.
void limit_confirmations_to_budget(GateRun& run) {
  github::GateConfig& config = run.config;
  std::chrono::microseconds length = run.identity.planned_length;
  if (config.confirm_runs <= 0 || !config.max_gate_time || length.count() <= 0) return;
  auto runs = static_cast<int>(*config.max_gate_time / length);
  int fitting = std::max(0, runs - 1);
  if (fitting >= config.confirm_runs) return;
  run.confirmation_limit = fmt::format("max-gate-time {} leaves room for {} run{} of {}",
                                       seconds_text(*config.max_gate_time), runs,
                                       runs == 1 ? "" : "s", seconds_text(length));
  util::notice(fmt::format("{}: {} confirmation run{} instead of {}", run.confirmation_limit,
                           fitting, fitting == 1 ? "" : "s", config.confirm_runs));
  config.confirm_runs = fitting;
}

}  // namespace

std::string seconds_text(std::chrono::microseconds duration) {
  return fmt::format("{:.0f} s", static_cast<double>(duration.count()) / 1e6);
}

void prepare_gate(GateRun& run, const GatePlan& plan) {
  const github::GateConfig& config = run.config;
  prepare_output_dir(config.report_dir, "report-dir").value_or_throw();
  prepare_report_paths(plan.extra_reports).value_or_throw();
  run.evaluation = prepare_evaluation(plan.evaluation).value_or_throw();
  if (!config.results.empty()) {
    if (is_result_set(config.results)) {
      // Shards' results (a directory or a glob): merged, and judged as the whole run.
      run.current = read_result_set(config.results).value_or_throw();
      results::ShardSet shards = results::shard_set(run.current.meta);
      if (!shards.complete()) {
        util::warn(fmt::format("results: the run is incomplete: {}", shards.describe_missing()));
      }
      // The merged run beside the reports, as a run's would be (for a baseline update).
      std::string path = (std::filesystem::path(config.report_dir) / "results.json").string();
      results::write_result_file(path, run.current).value_or_throw();
      baseline_fits(run, {run.current.meta.scenario, run.current.meta.profile}).value_or_throw();
      return;
    }
    // perf-gate results, or a k6 / Artillery output, told apart by content (docs/import.md).
    importers::ImportOptions imported;
    if (!config.profile.empty()) imported.profile = config.profile;
    // A k6 or Artillery file names no scenario: it takes the baseline's, so that a baseline made
    // with `perf-gate import --scenario api` fits (a perf-gate results file keeps its own).
    if (run.evaluation.baseline) imported.scenario = run.evaluation.baseline->latest.meta.scenario;
    run.current = importers::import_file(config.results, std::nullopt, imported).value_or_throw();
    baseline_fits(run, {run.current.meta.scenario, run.current.meta.profile}).value_or_throw();
    if (config.confirm_runs > 0) util::notice("confirm-runs needs a scenario to re-run: not used");
    return;
  }
  run.scenario = scenario::load_scenario(config.scenario).value_or_throw();
  run.run_options = plan.run_options;
  run.identity = check_load_plan(*run.scenario, run.run_options).value_or_throw();
  if (!config.baseline_target.empty()) {
    // Interleaved A/B measures its own baseline, side by side: a stored one is not used.
    if (run.evaluation.baseline) {
      util::notice(
          "baseline-target is set: comparing with it side by side, not with the "
          "stored baseline");
      run.evaluation.baseline.reset();
    }
    engine::RunOptions base = run.run_options;
    base.target = config.baseline_target;
    check_load_plan(*run.scenario, base).value_or_throw();
    if (config.confirm_runs > 0) {
      util::notice("confirm-runs is not used with baseline-target: raise ab-rounds instead");
    }
    return;
  }
  baseline_fits(run, run.identity).value_or_throw();
  limit_confirmations_to_budget(run);
  // The first run and up to confirm-runs more: each look at the data may decide.
  run.evaluation.options =
      stats::split_across_looks(run.evaluation.options, 1 + run.config.confirm_runs);
}

results::RunResult measure_once(GateRun& run) {
  results::RunResult result =
      run_load(*run.scenario, run.run_options, run.evaluation.thresholds_or_null())
          .value_or_throw();
  run.stopped_by_signal = stop_requested();
  for (const std::string& warning : result.warnings) util::warn(warning);
  if (result.meta.interrupted) {
    util::notice(fmt::format("run ended early: {}", result.meta.interrupt_reason));
  }
  return result;
}

void write_gate_results(const GateRun& run) {
  std::string path = (std::filesystem::path(run.config.report_dir) / "results.json").string();
  if (auto written = results::write_result_file(path, run.current); !written) {
    util::warn(written.error().describe());
  }
}

void run_gate_load(GateRun& run) {
  if (!run.scenario) return;
  install_stop_handlers();
  util::notice(fmt::format("running {} / {}", run.identity.scenario, run.identity.profile));
  run.load_started = std::chrono::steady_clock::now();
  run.current = measure_once(run);
  write_gate_results(run);
}

}  // namespace perfgate::pipeline
