// SPDX-License-Identifier: MIT
// Verdict: the gate's decision and every check behind it, filled by any method (thresholds,
// baseline comparison, change points, later interleaved A/B), and rendered by report/.
// Persisted as JSON, "schema": "perf-gate/verdict/v1".
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace perfgate::stats {

// Ordered by severity, so the gate's verdict is the max over its checks (no_data is below warn:
// a missing metric alone never fails a gate, but the verdict says so).
enum class Status { pass = 0, no_data = 1, warn = 2, fail = 3 };
const char* status_name(Status status);  // "pass", "no_data", "warn", "fail"

enum class CheckKind { threshold, regression, change_point };
const char* check_kind_name(CheckKind kind);

struct Interval {
  double low = 0;
  double high = 0;
};

struct Check {
  CheckKind kind = CheckKind::threshold;
  std::string endpoint;            // step name; empty = the total
  std::string metric;              // "p95_ms", "error_rate", "rps", or a k6 metric name
  std::string rule;                // thresholds: the rule as written ("p(95)<500")
  std::optional<double> baseline;  // baseline value (regression) or the limit (threshold)
  std::optional<double> current;
  std::optional<double> relative_change;  // (current - baseline) / baseline
  std::optional<Interval> interval;       // the interval the method used (prediction or CI)
  std::string method;                     // "threshold", "prediction-interval(log, n=12)", …
  std::optional<double> p_value;          // adjusted for multiple testing when applicable
  std::optional<double> tolerance;        // relative, 0.10 = 10 %
  Status status = Status::pass;
  std::string explanation;  // one line a human reads
};

// Which run a side of the comparison is.
struct RunIdentity {
  std::string scenario;
  std::string profile;
  std::string git_sha;
  std::string time;  // RFC 3339
  int runs = 1;      // baseline: how many runs its history holds
};

struct Verdict {
  Status verdict = Status::pass;
  std::vector<Check> checks;
  RunIdentity current;
  std::optional<RunIdentity> baseline;  // none: "no baseline"
  std::vector<std::string> notes;       // no baseline, too little data, generator saturated…
  struct Summary {
    int passed = 0, warned = 0, failed = 0, no_data = 0;
  } summary;

  // Recomputes `verdict` and `summary` from the checks.
  void finalize();
};

}  // namespace perfgate::stats
