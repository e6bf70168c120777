// SPDX-License-Identifier: MIT
#include "perfgate/pipeline/baseline_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "perfgate/github/branch_store.h"
#include "perfgate/stats/baseline_file.h"
#include "perfgate/util/file.h"
#include "perfgate/util/log.h"

namespace perfgate::pipeline {
namespace {

bool is_branch_store(const GateRun& run) {
  return run.config.baseline_store == github::BaselineStore::branch;
}

std::string branch_source(const GateRun& run) {
  return fmt::format("{}:{}", run.config.baseline_branch, run.config.baseline);
}

github::Repository repository_of(const GateRun& run) {
  if (run.runner.owner.empty() || run.runner.repo.empty()) {
    Error error = Error::bad_input(
        "baseline-store: branch needs the repository (GITHUB_REPOSITORY=owner/repo)");
    error.field = "baseline-store";
    throw Fatal(error);
  }
  return {run.runner.owner, run.runner.repo};
}

// Whether the baseline's history already holds this run: same start, commit and request count.
bool holds_run(const stats::Baseline& baseline, const stats::RunSummary& run) {
  return std::any_of(baseline.history.begin(), baseline.history.end(),
                     [&](const stats::RunSummary& kept) {
                       return kept.time == run.time && kept.git_sha == run.git_sha &&
                              kept.total.requests == run.total.requests;
                     });
}

// The runs to fold in: each run of a confirmed gate on its own (each is one run of history, and
// the history's spread is what measures the run-to-run noise), else the run; never one in which
// every request failed (it did not measure the target).
std::vector<const results::RunResult*> runs_to_store(const GateRun& run) {
  std::vector<const results::RunResult*> runs;
  if (run.measured_runs.empty()) {
    runs.push_back(&run.current);
  } else {
    for (const results::RunResult& measured : run.measured_runs) runs.push_back(&measured);
  }
  std::erase_if(runs,
                [](const results::RunResult* r) { return results::every_request_failed(*r); });
  return runs;
}

Result<std::string> fold_runs(const std::optional<std::string>& current, const GateRun& run,
                              const std::string& source) {
  std::optional<std::string> text = current;
  for (const results::RunResult* measured : runs_to_store(run)) {
    auto folded = fold_run(text, *measured, source);
    if (!folded) return folded.error();
    text = std::move(*folded);
  }
  return *text;
}

Status update_file(const GateRun& run) {
  const std::string& path = run.config.baseline;
  // Jobs sharing a workspace (self-hosted runners) each read, fold and write: the lock keeps
  // every run, as `perf-gate baseline update` does.
  if (auto created = util::create_parent_directories(path); !created) return created;
  auto lock = util::DirectoryLock::acquire(path);
  if (!lock) return lock.error();
  std::optional<std::string> current;
  if (std::filesystem::exists(path)) {
    auto text = util::read_file(path);
    if (!text) return text.error();
    current = std::move(*text);
  }
  auto folded = fold_runs(current, run, path);
  if (!folded) return folded.error();
  if (current && *folded == *current) return ok_status();
  if (auto written = util::write_file_atomic(path, *folded); !written) return written;
  util::notice(fmt::format("baseline {}: this run folded in", path));
  return ok_status();
}

}  // namespace

github::GitHubClientOptions github_client_options(const GateRun& run) {
  github::GitHubClientOptions options;
  options.api_url = run.runner.api_url;
  options.token = run.config.token;
  // A job should not sit out long outages: 4 attempts, 0.5 s doubling (rate limits wait longer).
  options.retry.max_attempts = 4;
  options.retry.initial_backoff = std::chrono::milliseconds{500};
  return options;
}

Result<std::string> fold_run(const std::optional<std::string>& current,
                             const results::RunResult& run, const std::string& source) {
  std::optional<stats::Baseline> baseline;
  if (current) {
    auto parsed = stats::parse_baseline(*current, source);
    if (!parsed) return parsed.error();
    if (holds_run(*parsed, stats::summarize_run(run))) return *current;
    baseline = std::move(*parsed);
  }
  int keep = baseline ? baseline->keep : stats::k_default_keep;
  auto updated = stats::update_baseline(std::move(baseline), run, keep);
  if (!updated) return updated.error();
  return stats::baseline_to_json(*updated);
}

void fetch_baseline(const GateRun& run, net::HttpClient& http, EvaluationSettings& settings) {
  if (!is_branch_store(run) || !run.config.baseline_target.empty()) return;
  github::GitHubClient client(http, github_client_options(run));
  github::BranchStore store(client, repository_of(run), run.config.baseline_branch, run.runner.sha);
  auto stored = store.read(run.config.baseline);
  if (!stored) throw Fatal(stored.error());
  FetchedBaseline fetched;
  fetched.source = branch_source(run);
  if (*stored) fetched.text = std::move((*stored)->content);
  settings.fetched_baseline = std::move(fetched);
}

Status update_stored_baseline(const GateRun& run, net::HttpClient& http) {
  if (!run.config.update_baseline) return ok_status();
  if (run.stopped_by_signal || run.current.meta.interrupted) {
    util::notice("the run did not finish: the baseline is not updated");
    return ok_status();
  }
  if (run.ab_base) {
    util::notice("interleaved A/B measures its own baseline: the stored one is not updated");
    return ok_status();
  }
  if (runs_to_store(run).empty()) {
    util::notice("every request of the run failed: the baseline is not updated");
    return ok_status();
  }
  if (!is_branch_store(run)) return update_file(run);
  github::GitHubClient client(http, github_client_options(run));
  github::BranchStore store(client, repository_of(run), run.config.baseline_branch, run.runner.sha);
  std::string sha = run.current.meta.git_sha.substr(0, 7);
  std::string message = fmt::format("perf-gate: fold the run of {} into {}",
                                    sha.empty() ? "a run" : sha, run.config.baseline);
  std::string source = branch_source(run);
  auto outcome = store.update(
      run.config.baseline, message,
      [&](const std::optional<std::string>& current) { return fold_runs(current, run, source); });
  if (!outcome) return outcome.error();
  util::notice(fmt::format("baseline {}: this run folded in ({} attempt{}{})", source,
                           outcome->attempts, outcome->attempts == 1 ? "" : "s",
                           outcome->created_branch ? ", branch created" : ""));
  return ok_status();
}

}  // namespace perfgate::pipeline
