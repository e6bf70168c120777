// SPDX-License-Identifier: MIT
// Verdict: the gate's decision and every check behind it, filled by any method (thresholds,
// baseline comparison, change points, later interleaved A/B), and rendered by report/.
// Persisted as JSON, "schema": "perf-gate/verdict/v1".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace perfgate::stats {

// Ordered by severity, so the gate's verdict is the max over its checks. no_data is below warn:
// a missing metric alone never fails a gate, but the verdict says so. inconclusive (the run could
// neither show a regression beyond tolerance nor rule one out) is above warn: it says the gate
// could not judge, which matters more than a warn-only signal. Persisted by name, never by number.
enum class Status { pass = 0, no_data = 1, warn = 2, inconclusive = 3, fail = 4 };
const char* status_name(Status status);  // "pass", "no_data", "warn", "inconclusive", "fail"

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
  // Regression checks: the smallest change this check could have detected at its noise and the
  // gate's budget (80 % power): relative (0.25 = 25 %), or an absolute rate for error_rate.
  std::optional<double> detectable_change;
  Status status = Status::pass;
  std::string explanation;  // one line a human reads
};

// How the explanation of a warn-only check (p99) that could not judge its change begins after
// its values, in place of "inconclusive": such a check neither passes nor fails the gate.
inline constexpr std::string_view k_not_judged = "not judged (p99 only warns)";
// An error rate with no error on either side, in a run too short to rule out its tolerance.
inline constexpr std::string_view k_not_judged_no_errors = "not judged (no errors on either side)";
inline constexpr std::string_view k_worth_a_look = "not shown, but worth a look (p99 only warns)";

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
    int passed = 0, warned = 0, failed = 0, no_data = 0, inconclusive = 0;
  } summary;

  // Recomputes `verdict` and `summary` from the checks.
  void finalize();
};

// Whether a note only describes how the verdict was reached (the baseline's history, the test
// family, runs judged together, shards merged) rather than warning of something: reports put
// those with the method instead of among the warnings.
bool is_method_note(std::string_view note);

// Whether another run of the same code could change `verdict`: a baseline comparison check
// failed or could not judge, and no threshold failed (an absolute limit fails the gate whatever
// a re-run says; so does a run where every request failed).
bool needs_confirmation(const Verdict& verdict);

}  // namespace perfgate::stats
