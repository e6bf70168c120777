// SPDX-License-Identifier: MIT
// The gate's prepare and run stages. Prepare reads and checks every input before any request is
// sent: the report directory (and any report copies), thresholds, baseline and tolerances, the
// scenario and its load plan, and that the baseline is of the scenario and profile that will
// run; a typo costs seconds, not a load test. Run drives the load and writes
// report-dir/results.json.
#pragma once

#include <chrono>
#include <string>

#include "perfgate/engine/load_engine.h"
#include "perfgate/pipeline/evaluation.h"
#include "perfgate/pipeline/gate_run.h"
#include "perfgate/report/report_files.h"

namespace perfgate::pipeline {

// What the command line adds to the resolved configuration (run.config).
struct GatePlan {
  EvaluationSettings evaluation;      // thresholds, baseline, tolerances, alpha, …
  engine::RunOptions run_options;     // profile, target, load shape, TLS, HTTP version
  report::ReportPaths extra_reports;  // --markdown FILE, … beside report-dir's
};

// Fills run.evaluation, and run.current (gating `results`) or run.scenario, run.run_options and
// run.identity. REQUIRES: run.config resolved. Throws Fatal; bad input names the field or file.
void prepare_gate(GateRun& run, const GatePlan& plan);

// A load time as the gate's notes say it: "5 s".
std::string seconds_text(std::chrono::microseconds duration);

// Runs the load when there is a scenario (signals end it gracefully, setting
// run.stopped_by_signal), fills run.current and writes it to report-dir/results.json.
void run_gate_load(GateRun& run);

// One run of run.scenario under run.run_options (the run stage's body; confirmation re-runs
// it). Sets run.stopped_by_signal; throws Fatal when the engine cannot run.
results::RunResult measure_once(GateRun& run);

// Writes run.current to report-dir/results.json (a warning when it cannot).
void write_gate_results(const GateRun& run);

}  // namespace perfgate::pipeline
