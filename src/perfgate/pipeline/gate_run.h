// SPDX-License-Identifier: MIT
// GateRun: what the stages of `perf-gate gate` (the Action's entry point) hand each other, from
// the resolved configuration to the published verdict: prepare fills the configuration, the
// evaluation's inputs and the load plan; run fills `current`; evaluate the verdict; render the
// report paths; publish what GitHub answered.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "perfgate/ci/runner_env.h"
#include "perfgate/engine/load_engine.h"
#include "perfgate/github/gate_config.h"
#include "perfgate/github/gate_publish.h"
#include "perfgate/pipeline/evaluation.h"
#include "perfgate/pipeline/load_stage.h"
#include "perfgate/report/report_files.h"
#include "perfgate/report/report_input.h"
#include "perfgate/results/run_result.h"
#include "perfgate/scenario/scenario.h"
#include "perfgate/stats/interleaved.h"
#include "perfgate/stats/verdict.h"

namespace perfgate::pipeline {

struct GateRun {
  github::GateConfig config;  // inputs and flags, resolved
  ci::RunnerContext runner;   // the runner's variables (empty outside Actions)
  ci::EventInfo event;        // from the event payload
  Evaluation evaluation;      // thresholds, baseline and options, loaded and checked
  std::optional<scenario::Scenario> scenario;  // none: gating `results`
  engine::RunOptions run_options;
  LoadIdentity identity;                      // the scenario and profile that will run
  bool stopped_by_signal = false;             // SIGINT/SIGTERM ended the run: publish nothing
  results::RunResult current;                 // the run, measured or read (A/B: the head's blocks)
  std::optional<results::RunResult> ab_base;  // A/B: the base's blocks, joined in sequence
  std::vector<stats::AbRound> ab_rounds;      // A/B: the rounds, for the paired comparison
  // When the load started; with confirmation runs, every run measured (run.current is then
  // all of them joined in sequence).
  std::chrono::steady_clock::time_point load_started;
  std::vector<results::RunResult> measured_runs;
  // Why max-gate-time allows fewer confirmation runs than confirm-runs asked for ("": it does not).
  std::string confirmation_limit;
  stats::Verdict verdict;
  report::ReportPaths paths;  // the reports in report-dir
  std::string gate_id;        // the id in markers, comments and checks
  github::PublishReport published;
};

// The run's report input: its verdict, the run, and the baseline when there is one.
report::ReportInput report_input(const GateRun& run);

// Whether the gate fails the step under fail-on.
bool gate_failed(const GateRun& run);

// Prints one workflow command on stdout; nothing for "".
void print_command(const std::string& line);

}  // namespace perfgate::pipeline
