// SPDX-License-Identifier: MIT
// The gate's confirm stage. A run on a shared CI machine can be disturbed (a neighbour's build, a
// stalled second) in ways no noise model of earlier runs foresees; when the gate would fail or
// cannot judge, it re-runs the load and judges all its runs together, so one disturbed run
// cannot fail the gate alone, and a run too short to judge gets more data. Bounded by
// confirm-runs and max-gate-time; the false-alarm budget is split across the looks
// (prepare_gate).
#pragma once

#include "perfgate/pipeline/gate_run.h"
#include "perfgate/stats/verdict.h"

namespace perfgate::pipeline {

// REQUIRES: run.verdict evaluated on run.current (the first run). While stats::needs_confirmation
// and the budget allows (run.config.confirm_runs, max_gate_time: the next run is expected to last
// as long as the last one did), measures again, joins every run into run.current (results.json is
// rewritten) and re-evaluates with options.current_runs set. Notes in the verdict say what
// happened, and why a confirmation did not run when one was wanted.
void confirm_gate(GateRun& run);

}  // namespace perfgate::pipeline
