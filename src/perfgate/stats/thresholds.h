// SPDX-License-Identifier: MIT
// Thresholds: absolute rules in k6's syntax (docs/gate.md), loaded from YAML or JSON, with
// optional per-profile sections and a `tolerances:` section for the baseline comparison.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "perfgate/results/run_result.h"
#include "perfgate/stats/tolerances.h"
#include "perfgate/stats/verdict.h"
#include "perfgate/util/result.h"

namespace perfgate::stats {

// How a rule reduces a metric to one number (k6's aggregation methods).
enum class Aggregation { avg, min, max, med, percentile, rate, count, value };

// k6 scans operators in this order: <=, <, >=, >, ===, ==, != ("===" behaves as "==").
enum class Comparison { less_equal, less, greater_equal, greater, equal, not_equal };

// One expression of a metric, e.g. "p(95)<500".
struct ThresholdRule {
  std::string text;  // as written, trimmed
  Aggregation aggregation = Aggregation::avg;
  double percentile = 0;  // for Aggregation::percentile, in [0, 100]
  Comparison comparison = Comparison::less;
  double limit = 0;                               // in the metric's unit (ms for durations)
  bool abort_on_fail = false;                     // k6 abortOnFail: stop the run when it fails
  std::chrono::microseconds delay_abort_eval{0};  // k6 delayAbortEval
  SourceLocation where;                           // for error messages
};

// The key of a thresholds entry: a metric name with optional tags, e.g.
// "http_req_duration{name:login}". perf-gate knows one tag: `name` (the endpoint).
struct MetricSelector {
  std::string text;      // as written
  std::string metric;    // "http_req_duration"
  std::string endpoint;  // the `name` tag; empty = all endpoints (the total)
};

struct ThresholdEntry {
  MetricSelector selector;
  std::vector<ThresholdRule> rules;
};

struct ThresholdSet {
  std::string source;                                           // file name, for messages
  std::vector<ThresholdEntry> common;                           // top level or `default:`
  std::map<std::string, std::vector<ThresholdEntry>> profiles;  // `stress:`, `soak:`, …
  std::optional<Tolerances> tolerances;                         // `tolerances:`, when present

  // The entries that apply to `profile`: the common ones, where a profile section's rule with
  // the same selector and aggregation replaces the common rule ("error rate < 1% under stress"
  // replaces "< 0.5%"), plus the profile's other rules.
  std::vector<ThresholdEntry> for_profile(const std::string& profile) const;
};

// Parses a thresholds document. The top level is either a plain k6 thresholds mapping
// (`http_req_duration: ["p(95)<500"]`), or sections: `thresholds:` / `default:` for the common
// rules, any other mapping key for a profile (`baseline:`, `stress:`, …), and `tolerances:`.
// Errors name source:line:column and the field.
Result<ThresholdSet> parse_thresholds(const std::string& text, const std::string& source_name);
Result<ThresholdSet> load_thresholds(const std::string& path);

// Evaluates the rules that apply to `profile` against a finished run: one Check per rule
// (kind threshold; `baseline` holds the limit). A rule whose metric has no data (no requests, no
// checks, zero duration for a rate) is no_data, never a silent pass. A rule that names an
// endpoint the results do not have is a bad_input error, so thresholds cannot rot unnoticed.
Result<std::vector<Check>> evaluate_thresholds(const ThresholdSet& thresholds,
                                               const results::RunResult& run,
                                               const std::string& profile);

// During a run: the first rule marked abort_on_fail that fails on the partial results, once
// `elapsed` has passed its delay_abort_eval, as "http_req_duration{name:login} p(95)<500 failed:
// 612 ms"; nullopt to continue. Rates use `elapsed` as the duration. Rules with no data yet, and
// endpoints not seen yet, never abort.
std::optional<std::string> abort_reason(const ThresholdSet& thresholds,
                                        const results::RunResult& partial,
                                        const std::string& profile,
                                        std::chrono::microseconds elapsed);

// Whether any rule for `profile` is marked abort_on_fail (the engine then evaluates during the
// run).
bool has_abort_rules(const ThresholdSet& thresholds, const std::string& profile);

// The metric names thresholds may use, with their allowed aggregations (docs/gate.md).
bool is_known_metric(const std::string& metric);

}  // namespace perfgate::stats
