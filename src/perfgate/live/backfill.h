// SPDX-License-Identifier: MIT
// Backfill (`perf-gate push`): the points of a finished run, rebuilt from its results file with
// the original timestamps, and of a baseline's history (one summary point per past run).
#pragma once

#include <vector>

#include "perfgate/live/point.h"
#include "perfgate/results/run_result.h"
#include "perfgate/stats/baseline.h"

namespace perfgate::live {

// What a run's backfill sends: its windows' points and the extras (annotations, history).
struct Backfill {
  std::vector<std::vector<Point>> windows;  // one entry per window, in order
  std::vector<Point> extra;                 // "start" and "end" annotations (and history)
};

// A results file keeps less per window than a live run sends: requests, errors and latency
// percentiles per endpoint (Detail::summary), and the load.
Backfill run_points(const results::RunResult& run);

// One point per run of the history and endpoint (and the total), in the measurement
// "perf_gate_run", at the run's start: requests, errors, error_rate, rps, latency_{mean,p50,p90,
// p95,p99}_ms. Runs whose time cannot be read are skipped.
std::vector<Point> history_points(const stats::Baseline& baseline);

}  // namespace perfgate::live
