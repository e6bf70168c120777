// SPDX-License-Identifier: MIT
// RunResult: the complete, mergeable record of one run (docs/results-format.md): what was run,
// where and when (RunMetadata), and what was measured (metrics::RunMetrics).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "perfgate/metrics/run_metrics.h"
#include "perfgate/util/result.h"

namespace perfgate::results {

// How the generator itself fared: when it is the bottleneck, the numbers describe it, not the
// target, and the results say so.
struct GeneratorHealth {
  double cpu_percent = 0;  // process CPU over the run, 100 = one core
  int threads = 0;
  double max_loop_lag_ms = 0;  // worst delay of an event loop behind its schedule
  double p99_loop_lag_ms = 0;
  int64_t open_files_limit = 0;  // RLIMIT_NOFILE after raising it
};

// How much of the latency distribution a result holds. Native runs and k6 `--out json` imports
// record every request (`histogram`); imports of end-of-test summaries (k6 summary, Artillery
// report) hold only a few percentiles, from which the histograms are rebuilt: their min, p50,
// p90, p95, p99 and max are right (to the source's precision), anything between is interpolated.
enum class LatencyPrecision { histogram, percentiles };

struct RunMetadata {
  std::string scenario;  // Scenario::name
  std::string profile;   // profile name ("baseline", "stress", …; "custom" for flags)
  std::string model;     // "closed" or "open"
  std::string target;
  std::chrono::system_clock::time_point start_time{};
  std::chrono::microseconds duration{0};  // measured, from first start to the end of grace
  std::chrono::microseconds warmup{0};    // discarded at the start
  std::string perf_gate_version;
  std::string git_sha;  // GITHUB_SHA or `git rev-parse HEAD`, when known
  std::string git_ref;
  std::string host;
  int shard_index = 0;  // 0-based; shard_count 1 means not sharded
  int shard_count = 1;
  // A merged run: the shards it holds (sorted, 0-based) of how many there were; empty for a
  // run that was not merged from shards. Fewer than merged_shard_count: incomplete().
  std::vector<int> merged_shards;
  int merged_shard_count = 0;
  // What the load was (scenario file, data rows, resolved profile: engine::load_fingerprint);
  // shards of one run share it. Empty in files that predate it and in imports.
  std::string fingerprint;
  // --start-at: when the run was to start, and how late it began (0 when on time).
  std::optional<std::chrono::system_clock::time_point> scheduled_start;
  std::chrono::microseconds start_late{0};
  int64_t planned_vus = 0;   // closed: peak VUs; open: max VUs
  double planned_rate = 0;   // open: peak iterations per second
  bool interrupted = false;  // ended early by SIGINT/SIGTERM or abort_on_fail
  std::string interrupt_reason;
  GeneratorHealth generator;
  // Imported results: the tool and format they came from ("k6 --out json", "artillery report");
  // empty for perf-gate's own runs.
  std::string source;
  LatencyPrecision latency_precision = LatencyPrecision::histogram;
  // The HTTP client that ran the requests: "curl" or "native"; empty in files that predate it
  // and in imports.
  std::string http_client;
};

// One of the runs a result joined in sequence (results::join_in_sequence): the window it starts
// at and how many whole windows it measured.
struct JoinedRun {
  size_t first_window = 0;
  size_t whole_windows = 0;
};

struct RunResult {
  RunMetadata meta;
  metrics::RunMetrics metrics;
  std::vector<std::string> warnings;  // generator saturation, dropped samples, …
  // The runs this result joined in sequence (a gate's confirmation runs, an A/B side), in order;
  // empty for a run that was not joined. In memory only: a results file does not keep it.
  std::vector<JoinedRun> joined;
};

// The shards a result holds, of how many: a merged run's merged_shards; a lone shard's index;
// nothing (count 1) for a run that was not sharded.
struct ShardSet {
  std::vector<int> present;  // sorted
  int count = 1;
  bool sharded() const { return count > 1; }
  bool complete() const { return static_cast<int>(present.size()) == count; }
  std::vector<int> missing() const;
  // "3 of 4 shards (missing: 2)"; "" when complete.
  std::string describe_missing() const;
};
ShardSet shard_set(const RunMetadata& meta);

// How many of a run's first `available` windows lie wholly inside its measured duration (its
// last window is often cut short); all of them when the run records no duration.
size_t whole_windows(const RunResult& run, size_t available);

// A sharded run that does not hold all its shards (a merge with missing shards, or one shard on
// its own): its counts and throughput are a part of the planned load, never a slower service.
inline bool incomplete(const RunMetadata& meta) {
  return !shard_set(meta).complete();
}

// Whether the run made requests and every one of them failed (refused, timed out, 5xx...): the
// target was not measured, so such a run is no baseline.
bool every_request_failed(const RunResult& run);

// Summary numbers of one endpoint (or the total), as reports and the gate read them.
struct EndpointSummary {
  int64_t requests = 0;
  int64_t errors = 0;
  double error_rate = 0;  // errors / requests (0 when no requests)
  double rps = 0;         // requests / measured duration
  double min_ms = 0, mean_ms = 0, p50_ms = 0, p90_ms = 0, p95_ms = 0, p99_ms = 0, p999_ms = 0,
         max_ms = 0;
};
EndpointSummary summarize(const metrics::EndpointMetrics& endpoint,
                          std::chrono::microseconds duration);

// Merges shards (or any runs of the same scenario and profile) into one result that is the same
// as one run would be: metrics add exactly; windows align on wall-clock time (each part's window
// 0 starts at its start_time + warmup, placed to the nearest window of the earliest); the start is
// the earliest, the end the latest. The merged result records the shards it holds
// (merged_shards); missing ones are named in a warning. `names` (one per part: file names) name
// the parts in errors. bad_input (naming both files) when scenarios, profiles, models,
// fingerprints, shard counts or window lengths differ, or when two parts hold the same shard.
Result<RunResult> merge_results(const std::vector<RunResult>& parts,
                                const std::vector<std::string>& names);
Result<RunResult> merge_results(const std::vector<RunResult>& parts);  // names "part 1", …

}  // namespace perfgate::results
