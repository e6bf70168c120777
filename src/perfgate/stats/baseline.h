// SPDX-License-Identifier: MIT
// Baseline: what a new run is compared with — the latest run's full results (histograms and
// windows, for the one-run window tests) plus a history of per-run summaries (for the
// prediction interval and change points). Persisted as "perf-gate/baseline/v1" (docs/gate.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "perfgate/results/run_result.h"
#include "perfgate/util/result.h"

namespace perfgate::stats {

// Spread of one per-window statistic over a run's windows (robust: median and MAD).
struct WindowSpread {
  int windows = 0;  // windows that had enough requests for the statistic
  double median = 0;
  double mad = 0;  // median absolute deviation (unscaled)
};

// The numbers of one endpoint (or the total) in one run.
struct EndpointRunSummary {
  std::string name;  // empty for the total
  int64_t requests = 0;
  int64_t errors = 0;
  double error_rate = 0;
  double rps = 0;
  double mean_ms = 0, p50_ms = 0, p90_ms = 0, p95_ms = 0, p99_ms = 0;
  WindowSpread window_p95_ms;  // per-window p95
  WindowSpread window_rps;     // per-window requests per second
  // The p50 of the run's quickest quarter of blocks (noise_model.h, lower_quartile_of_blocks),
  // blocks cut as for the within-run noise (1-second windows, merged to 20 requests or more);
  // 0: fewer than 8 blocks, or a baseline written before perf-gate recorded it.
  double quick_p50_ms = 0;
};

// One run of history, once more from the windows in which its throughput held, recorded when it
// fell below half the run's median in some windows (at most a third) and rose in none: a stall or
// a CPU hog took those seconds. A long, mostly steady history judges a disturbed run by these
// (regression.cpp). Absent otherwise, and in baselines written before perf-gate recorded it.
// (At namespace scope: clang cannot default-construct a nested struct with member initializers
// inside std::optional of its enclosing class.)
struct SteadyRunSummary {
  int windows = 0;  // the windows summarized
  EndpointRunSummary total;
  std::vector<EndpointRunSummary> endpoints;
};

// One run of the history.
struct RunSummary {
  std::string scenario;
  std::string profile;
  std::string model;  // "closed" or "open"
  std::string git_sha;
  std::string time;  // RFC 3339 start time
  double duration_s = 0;
  EndpointRunSummary total;
  std::vector<EndpointRunSummary> endpoints;
  // The run's whole windows and those whose total throughput was off the median by 2× or more,
  // judged on the run alone (a disturbed run of history is set aside when the others held
  // steady). windows = 0: not recorded (baselines written before perf-gate recorded it).
  struct Swings {
    int windows = 0;
    int swung = 0;
  } swings;
  // The run once more from the windows in which its throughput held (SteadyRunSummary).
  std::optional<SteadyRunSummary> steady;

  // The endpoint's summary, the total for an empty name, or nullptr.
  const EndpointRunSummary* find(const std::string& endpoint) const;
};

inline constexpr int k_default_keep = 30;

struct Baseline {
  results::RunResult latest;        // the most recent run, in full
  std::vector<RunSummary> history;  // oldest first; the last one summarizes `latest`
  int keep = k_default_keep;        // runs of history kept (the last --keep, stored)
};

// Summarizes one run (totals, per-endpoint figures, per-window spreads).
RunSummary summarize_run(const results::RunResult& run);

// Folds `run` into `baseline` (or starts one): `latest` becomes the run, its summary is appended
// to the history, the history keeps the newest `keep` runs and `keep` is stored. bad_input when
// the run's
// scenario or profile differs from the baseline's, or keep < 1.
Result<Baseline> update_baseline(std::optional<Baseline> baseline, const results::RunResult& run,
                                 int keep = k_default_keep);

}  // namespace perfgate::stats
