// SPDX-License-Identifier: MIT
#include "perfgate/stats/compare.h"

#include <fmt/format.h>

#include <optional>
#include <string>

#include "perfgate/results/time_format.h"
#include "perfgate/stats/metric_id.h"
#include "perfgate/stats/regression.h"
#include "perfgate/stats/threshold_expression.h"

namespace perfgate::stats {
namespace {

RunIdentity identity_of(const results::RunMetadata& meta) {
  RunIdentity identity;
  identity.scenario = meta.scenario;
  identity.profile = meta.profile;
  identity.git_sha = meta.git_sha;
  identity.time = results::format_rfc3339(meta.start_time);
  identity.runs = 1;
  return identity;
}

Result<Ok> check_same_run_kind(const results::RunResult& current, const Baseline& baseline) {
  const results::RunMetadata& base = baseline.latest.meta;
  if (base.scenario != current.meta.scenario) {
    return Error::at(SourceLocation{}, "scenario",
                     fmt::format("the results are of scenario '{}' but the baseline is of '{}': "
                                 "compare runs of the same scenario",
                                 current.meta.scenario, base.scenario));
  }
  if (base.profile != current.meta.profile) {
    return Error::at(SourceLocation{}, "profile",
                     fmt::format("the results are of profile '{}' but the baseline is of '{}': "
                                 "keep one baseline per profile",
                                 current.meta.profile, base.profile));
  }
  return Ok{};
}

// Whether a check's value grows with the amount of load (a count, a throughput): a missing
// shard moves it. Latencies and error rates are measured per request, and the shards present
// are real requests: those still fail.
bool depends_on_the_amount_of_load(const Check& check) {
  if (check.kind == CheckKind::regression)
    return metric_id_from_name(check.metric) == MetricId::rps;
  const MetricInfo* info = find_metric(check.metric);
  return info != nullptr && info->type == MetricType::counter;
}

// A merged run without all its shards measured part of the planned load: fewer requests, less
// throughput. That is the missing shards' doing, never a slower service: the fails of counts
// and throughput become inconclusive, and a check of its own says why (so the verdict cannot be
// a pass either). A latency or an error rate beyond its limit on the shards present still fails.
void mark_incomplete(Verdict& verdict, const results::RunMetadata& meta) {
  results::ShardSet shards = results::shard_set(meta);
  std::string missing = shards.describe_missing();
  for (Check& check : verdict.checks) {
    if (check.status != Status::fail || !depends_on_the_amount_of_load(check)) continue;
    check.status = Status::inconclusive;
    check.explanation += fmt::format(
        " — but the run is incomplete ({}), so this may be the missing load, not the service",
        missing);
  }
  Check check;
  check.kind = CheckKind::threshold;
  check.metric = "shards";
  check.rule = fmt::format("all {} shards", shards.count);
  check.baseline = shards.count;
  check.current = static_cast<double>(shards.present.size());
  check.method = "shard count";
  check.status = Status::inconclusive;
  check.explanation = fmt::format(
      "incomplete: the run holds {}; it is neither a pass nor a slower service: merge the "
      "missing shards' results, or re-run them",
      missing);
  verdict.checks.insert(verdict.checks.begin(), check);
  verdict.notes.insert(
      verdict.notes.begin(),
      fmt::format("incomplete run: {}; counts and throughput that fail are reported as "
                  "inconclusive, latencies and error rates are judged on the shards present",
                  missing));
}

// Both clients count the same requests, but each adds its own time to every request (libcurl
// more than the native client): enough to move a sub-millisecond latency, and in a closed model
// the throughput. perf-gate's own runs from before the field ran libcurl; imports name none.
std::string client_of(const results::RunMetadata& meta) {
  if (!meta.http_client.empty() || !meta.source.empty()) return meta.http_client;
  return "curl";
}

std::optional<std::string> client_change_note(const results::RunMetadata& base,
                                              const results::RunMetadata& current) {
  std::string before = client_of(base);
  std::string now = client_of(current);
  if (before.empty() || now.empty() || before == now) return std::nullopt;
  return fmt::format(
      "the baseline's latest run used the {} HTTP client and this run the {} one: each adds its "
      "own time to every request, so sub-millisecond latencies and a closed model's throughput "
      "can move by the client alone; run with `--http-client {}` (action input `http-client: "
      "{}`), or record the baseline again with this client",
      before, now, before, before);
}

}  // namespace

CompareOptions split_across_looks(CompareOptions options, int looks) {
  options.alpha /= std::max(1, looks);
  options.pass_alpha /= std::max(1, looks);
  return options;
}

Result<Verdict> evaluate(const results::RunResult& current, const Baseline* baseline,
                         const ThresholdSet* thresholds, const CompareOptions& options) {
  Verdict verdict;
  verdict.current = identity_of(current.meta);
  verdict.current.runs = std::max(1, options.current_runs);
  std::string profile = options.profile.empty() ? current.meta.profile : options.profile;
  if (thresholds != nullptr) {
    Result<std::vector<Check>> checks = evaluate_thresholds(*thresholds, current, profile);
    if (!checks) return checks.error();
    verdict.checks = std::move(*checks);
  } else {
    verdict.notes.push_back("no thresholds: only the baseline comparison applies");
  }
  if (baseline != nullptr) {
    Result<Ok> same = check_same_run_kind(current, *baseline);
    if (!same) return same.error();
    RunIdentity identity = identity_of(baseline->latest.meta);
    identity.runs = static_cast<int>(baseline->history.size());
    verdict.baseline = identity;
    BaselineComparison comparison = compare_with_baseline(current, *baseline, options);
    verdict.checks.insert(verdict.checks.end(), comparison.checks.begin(), comparison.checks.end());
    verdict.notes.insert(verdict.notes.end(), comparison.notes.begin(), comparison.notes.end());
    if (auto note = client_change_note(baseline->latest.meta, current.meta)) {
      verdict.notes.push_back(*note);
    }
  } else {
    verdict.notes.push_back(
        "no baseline: thresholds still apply; run `perf-gate baseline "
        "update` on the main branch to start one");
  }
  if (current.meta.interrupted) {
    verdict.notes.push_back(
        fmt::format("the run was interrupted: {}", current.meta.interrupt_reason));
  }
  for (const std::string& warning : current.warnings) {
    // The incomplete note below says it (and what it does to the verdict).
    if (!warning.starts_with("incomplete:")) verdict.notes.push_back(warning);
  }
  if (results::incomplete(current.meta)) {
    mark_incomplete(verdict, current.meta);
  } else if (current.meta.merged_shard_count > 1) {
    verdict.notes.push_back(
        fmt::format("merged from all {} shards of the run", current.meta.merged_shard_count));
  }
  verdict.finalize();
  return verdict;
}

}  // namespace perfgate::stats
