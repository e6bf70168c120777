// SPDX-License-Identifier: MIT
// The gate's baseline store: the `baseline` file in the workspace (baseline-store: file), or that
// path on a data branch of the repository (baseline-store: branch, github::BranchStore), read
// before any load is sent and, with update-baseline, the run folded into it after the verdict.
#pragma once

#include <optional>
#include <string>

#include "perfgate/github/github_client.h"
#include "perfgate/net/http_client.h"
#include "perfgate/pipeline/evaluation.h"
#include "perfgate/pipeline/gate_run.h"
#include "perfgate/results/run_result.h"
#include "perfgate/util/result.h"

namespace perfgate::pipeline {

// The GitHub client settings of a gate: the runner's API URL, the token, and retries bounded for
// a job (4 attempts, 0.5 s doubling; rate limits wait as GitHub says).
github::GitHubClientOptions github_client_options(const GateRun& run);

// baseline-store: branch: reads the baseline from the data branch into
// settings.fetched_baseline (none stored yet is the first run). Nothing for the file store or for
// interleaved A/B, which measures its own baseline. Throws Fatal (runtime) when GitHub cannot be
// read, (bad input) without GITHUB_REPOSITORY.
void fetch_baseline(const GateRun& run, net::HttpClient& http, EvaluationSettings& settings);

// update-baseline: folds the run (each run of a confirmed gate on its own) into the stored
// baseline: the file, under a lock, or the
// data branch, with a compare-and-swap retried on conflicts so that concurrent jobs lose no run.
// Nothing (a notice) for interleaved A/B or a run stopped by a signal.
Status update_stored_baseline(const GateRun& run, net::HttpClient& http);

// The baseline text `current` (a new baseline when nullopt) with `run` folded in; `current`
// unchanged when its history already holds this run (a write retried after it had landed).
// `source` names the baseline in errors.
Result<std::string> fold_run(const std::optional<std::string>& current,
                             const results::RunResult& run, const std::string& source);

}  // namespace perfgate::pipeline
