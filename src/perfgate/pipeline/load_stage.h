// SPDX-License-Identifier: MIT
// The run stage that `run` and `gate` share: the load plan checked before anything is sent,
// SIGINT/SIGTERM ending the run gracefully, abortOnFail thresholds, and the run's metadata
// (git sha, ref, host) from the CI environment or git.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "perfgate/engine/load_engine.h"
#include "perfgate/results/run_result.h"
#include "perfgate/scenario/scenario.h"
#include "perfgate/stats/thresholds.h"
#include "perfgate/util/result.h"

namespace perfgate::pipeline {

// The scenario and profile name the run will have, resolved as the engine will resolve them.
// bad_input (an unknown profile, a bad target, conflicting options) before any request is sent.
struct LoadIdentity {
  std::string scenario;
  std::string profile;
  std::chrono::microseconds planned_length{0};  // warm-up and stages: one run's load time
};
Result<LoadIdentity> check_load_plan(const scenario::Scenario& scenario,
                                     const engine::RunOptions& options);

// Installs the handlers: the first SIGINT or SIGTERM ends the run gracefully (in-flight requests
// finish, results are still written), a second one kills as usual. Returns the flag the handlers
// set, for RunOptions::stop_flag. Process-wide and idempotent: a signal that arrived before a
// second call still counts.
const std::atomic<bool>* install_stop_handlers();

// Whether a stop signal arrived since install_stop_handlers().
bool stop_requested();

// Fills git_sha and git_ref from GITHUB_SHA and GITHUB_REF, else from `git` in the working
// directory, and host from gethostname(); fields already set are kept.
void fill_run_metadata(results::RunMetadata& meta);

// Runs the load: thresholds' abortOnFail rules (when given) can end it early, stop signals end it
// gracefully, and the metadata is filled. Runtime errors only when the engine cannot run.
Result<results::RunResult> run_load(const scenario::Scenario& scenario, engine::RunOptions options,
                                    const stats::ThresholdSet* thresholds);

}  // namespace perfgate::pipeline
