// SPDX-License-Identifier: MIT
// Chooses the method per endpoint and metric, adjusts all regression p-values together, and
// turns each into a status and a one-line explanation. Change points are a separate, warn-only
// family, adjusted among themselves so that they never spend the fail budget.
#include "perfgate/stats/regression.h"

#include <fmt/format.h>

#include <array>
#include <cmath>

#include "perfgate/stats/change_point.h"
#include "perfgate/stats/multiple_testing.h"
#include "perfgate/stats/regression_methods.h"

namespace perfgate::stats {
namespace {

using detail::EndpointData;
using detail::MetricKind;
using detail::MetricSpec;
using detail::TestedMetric;

constexpr std::array<MetricSpec, 5> k_specs{{
    {"p50_ms", "p50", MetricKind::p50, 50, Direction::higher_is_worse},
    {"p95_ms", "p95", MetricKind::p95, 95, Direction::higher_is_worse},
    {"p99_ms", "p99", MetricKind::p99, 99, Direction::higher_is_worse},
    {"error_rate", "error rate", MetricKind::error_rate, 0, Direction::higher_is_worse},
    {"rps", "throughput", MetricKind::rps, 0, Direction::lower_is_worse},
}};

struct Inputs {
  std::vector<EndpointData> endpoints;
  std::vector<metrics::EndpointWindow> current_total_windows;
  std::vector<metrics::EndpointWindow> baseline_total_windows;
  metrics::EndpointMetrics current_total;
  metrics::EndpointMetrics baseline_total;
};

EndpointData data_for(const std::string& name, const results::RunResult& current,
                      const Baseline& baseline) {
  EndpointData data;
  data.name = name;
  if (const auto* series = current.metrics.find(name)) {
    data.current = &series->totals;
    data.current_windows = &series->windows;
  }
  if (const auto* series = baseline.latest.metrics.find(name)) {
    data.baseline = &series->totals;
    data.baseline_windows = &series->windows;
  }
  for (const RunSummary& run : baseline.history) {
    if (const EndpointRunSummary* summary = run.find(name)) data.history.push_back(summary);
  }
  return data;
}

// Endpoints of both sides, and the total when there is more than one endpoint (with one, the
// total is the same numbers tested twice).
void collect(Inputs& inputs, const results::RunResult& current, const Baseline& baseline,
             std::vector<std::string>& notes) {
  for (const auto& series : current.metrics.endpoints) {
    if (baseline.latest.metrics.find(series.name) == nullptr) {
      notes.push_back(fmt::format("endpoint '{}' is new: it has no baseline yet", series.name));
    }
    inputs.endpoints.push_back(data_for(series.name, current, baseline));
  }
  for (const auto& series : baseline.latest.metrics.endpoints) {
    if (current.metrics.find(series.name) == nullptr) {
      notes.push_back(
          fmt::format("endpoint '{}' is in the baseline but not in this run", series.name));
    }
  }
  if (current.metrics.endpoints.size() <= 1) return;
  inputs.current_total = current.metrics.total();
  inputs.baseline_total = baseline.latest.metrics.total();
  inputs.current_total_windows = current.metrics.total_windows();
  inputs.baseline_total_windows = baseline.latest.metrics.total_windows();
  EndpointData total;
  total.current = &inputs.current_total;
  total.current_windows = &inputs.current_total_windows;
  total.baseline = &inputs.baseline_total;
  total.baseline_windows = &inputs.baseline_total_windows;
  for (const RunSummary& run : baseline.history) total.history.push_back(&run.total);
  inputs.endpoints.push_back(std::move(total));
}

bool compares_rps(const results::RunResult& current) {
  return current.meta.model != "open";
}

std::string percent(double change) {
  return fmt::format("{:+.1f}%", change * 100);
}

// A p99 from one run rests on its slowest 1 % of requests, and a single pause moves it: its
// run-to-run spread is heavy-tailed, so a t interval at the far tail the gate needs would call
// ordinary runs regressions. p99 checks therefore warn and are adjusted as their own family;
// thresholds can still fail a run on its p99.
bool warn_only(const TestedMetric& tested) {
  return tested.check.metric == "p99_ms";
}

void finish(TestedMetric& tested, double adjusted_p, double alpha) {
  Check& check = tested.check;
  check.p_value = adjusted_p;
  double change = check.relative_change.value_or(0);
  std::string values = fmt::format("({} → {})", detail::format_value(*check.baseline, tested.unit),
                                   detail::format_value(*check.current, tested.unit));
  std::string change_text = check.relative_change ? percent(change) : std::string("up from 0");
  bool significant = adjusted_p < alpha;
  if (significant && tested.beyond_tolerance) {
    check.status = warn_only(tested) ? Status::warn : Status::fail;
    check.explanation = fmt::format("{} {} {}, beyond {}, p = {:.2g}", tested.subject, change_text,
                                    values, tested.evidence, adjusted_p);
  } else if (significant) {
    check.status = Status::pass;
    check.explanation = fmt::format(
        "{} {} {}: significant (p = {:.2g}) but within the {:g}% "
        "tolerance",
        tested.subject, change_text, values, adjusted_p, *check.tolerance * 100);
  } else {
    check.status = Status::pass;
    check.explanation = fmt::format("{} {} {}, within {}, p = {:.2g}", tested.subject, change_text,
                                    values, tested.evidence, adjusted_p);
  }
}

// Adjusts the fail family and the warn-only family (p99) separately.
void adjust_and_finish(std::vector<TestedMetric>& tested, const CompareOptions& options) {
  for (bool warn_family : {false, true}) {
    std::vector<double> raw;
    for (const TestedMetric& t : tested) {
      if (t.raw_p && warn_only(t) == warn_family) raw.push_back(*t.raw_p);
    }
    std::vector<double> adjusted = adjust_p_values(raw, options.correction);
    size_t next = 0;
    for (TestedMetric& t : tested) {
      if (t.raw_p && warn_only(t) == warn_family) finish(t, adjusted[next++], options.alpha);
    }
  }
}

std::vector<Check> change_point_checks(const Inputs& inputs, const results::RunResult& current,
                                       const CompareOptions& options);

}  // namespace

BaselineComparison compare_with_baseline(const results::RunResult& current,
                                         const Baseline& baseline, const CompareOptions& options) {
  BaselineComparison comparison;
  Inputs inputs;
  collect(inputs, current, baseline, comparison.notes);
  bool history_mode = static_cast<int>(baseline.history.size()) >= options.min_history;
  if (history_mode) {
    comparison.notes.push_back(
        fmt::format("baseline: history of {} runs; each metric against its prediction interval",
                    baseline.history.size()));
  } else {
    comparison.notes.push_back(fmt::format(
        "baseline: {} run{} of history (a prediction interval needs {}): window-level tests "
        "against the latest run, assuming {:g}% run-to-run variation",
        baseline.history.size(), baseline.history.size() == 1 ? "" : "s", options.min_history,
        options.assumed_run_cv * 100));
  }
  detail::MethodContext context{&current, &baseline.latest, &options, 0};
  int per_endpoint = compares_rps(current) ? 4 : 3;  // the fail family: p50, p95, errors, rps
  context.test_count = per_endpoint * static_cast<int>(inputs.endpoints.size());
  std::vector<TestedMetric> tested;
  for (const EndpointData& data : inputs.endpoints) {
    for (const MetricSpec& spec : k_specs) {
      if (spec.kind == MetricKind::rps && !compares_rps(current)) continue;
      if (spec.kind == MetricKind::error_rate) {
        tested.push_back(detail::error_rate_test(
            data, spec, context,
            history_mode ? detail::ErrorBaseline::history : detail::ErrorBaseline::latest_run));
      } else if (history_mode) {
        tested.push_back(detail::history_test(data, spec, context));
      } else {
        tested.push_back(detail::window_test(data, spec, context));
      }
    }
  }
  adjust_and_finish(tested, options);
  comparison.notes.push_back(fmt::format(
      "regression checks: {} p-values adjusted together ({}), family alpha {:g}; a regression "
      "needs significance and a change beyond its tolerance; p99 checks only warn",
      context.test_count, multiple_testing_name(options.correction), options.alpha));
  for (TestedMetric& t : tested) comparison.checks.push_back(std::move(t.check));
  if (history_mode && options.change_points) {
    std::vector<Check> points = change_point_checks(inputs, current, options);
    comparison.checks.insert(comparison.checks.end(), points.begin(), points.end());
  }
  return comparison;
}

namespace {

struct PendingPoint {
  Check check;
  double raw_p = 1;
  bool worse_beyond_tolerance = false;
  std::string subject;
  std::string unit;
  size_t index = 0;
  size_t length = 0;
};

std::optional<PendingPoint> change_point_for(const EndpointData& data, const MetricSpec& spec,
                                             const results::RunResult& current,
                                             const CompareOptions& options, uint64_t seed) {
  if (data.current == nullptr || data.current->requests == 0) return std::nullopt;
  std::vector<double> series;
  size_t window = static_cast<size_t>(std::max(options.change_point_window, 4)) - 1;
  size_t first = data.history.size() > window ? data.history.size() - window : 0;
  for (size_t i = first; i < data.history.size(); ++i) {
    double value = detail::summary_value(*data.history[i], spec.kind);
    if (value > 0) series.push_back(std::log(value));
  }
  double seconds = std::chrono::duration<double>(current.meta.duration).count();
  double now = detail::metric_value(*data.current, spec.kind, seconds);
  if (now <= 0 || static_cast<int>(series.size()) < options.min_history) return std::nullopt;
  series.push_back(std::log(now));
  auto point = find_change_point(series, options.permutations, seed);
  if (!point) return std::nullopt;
  PendingPoint pending;
  pending.subject = detail::subject_of(spec, data.name);
  pending.unit = spec.kind == MetricKind::rps ? "/s" : "ms";
  pending.raw_p = point->p_value;
  pending.index = point->index;
  pending.length = series.size();
  Check& check = pending.check;
  check.kind = CheckKind::change_point;
  check.endpoint = data.name;
  check.metric = spec.name;
  check.baseline = std::exp(point->mean_before);
  check.current = std::exp(point->mean_after);
  check.relative_change = std::exp(point->mean_after - point->mean_before) - 1;
  check.tolerance = options.tolerances.for_check(data.name, spec.name);
  check.method = fmt::format("e-divisive(permutations {}, seed {})", options.permutations, seed);
  double change = *check.relative_change;
  pending.worse_beyond_tolerance = spec.direction == Direction::higher_is_worse
                                       ? change > *check.tolerance
                                       : change < -*check.tolerance;
  return pending;
}

std::vector<Check> change_point_checks(const Inputs& inputs, const results::RunResult& current,
                                       const CompareOptions& options) {
  std::vector<PendingPoint> pending;
  uint64_t seed = options.seed;
  for (const EndpointData& data : inputs.endpoints) {
    for (const MetricSpec& spec : k_specs) {
      // p50 and p95 only: p99 is too noisy from run to run to show creep, throughput follows
      // latency in a closed run, and a smaller family keeps the permutation test able to reach
      // significance after adjustment (its smallest p-value is about 1 / C(n, n/2)).
      if (spec.kind != MetricKind::p50 && spec.kind != MetricKind::p95) continue;
      if (auto point = change_point_for(data, spec, current, options, seed++)) {
        pending.push_back(std::move(*point));
      }
    }
  }
  std::vector<double> raw;
  for (const PendingPoint& p : pending) raw.push_back(p.raw_p);
  std::vector<double> adjusted = adjust_p_values(raw, options.correction);
  std::vector<Check> checks;
  for (size_t i = 0; i < pending.size(); ++i) {
    PendingPoint& p = pending[i];
    p.check.p_value = adjusted[i];
    bool flagged = adjusted[i] < options.alpha && p.worse_beyond_tolerance;
    p.check.status = flagged ? Status::warn : Status::pass;
    std::string shift =
        fmt::format("{} {} from run {} of the last {} ({} → {}), E-divisive permutation p = {:.2g}",
                    p.subject, percent(*p.check.relative_change), p.index + 1, p.length,
                    detail::format_value(*p.check.baseline, p.unit),
                    detail::format_value(*p.check.current, p.unit), adjusted[i]);
    p.check.explanation = flagged ? shift + ": a shift or slow creep over recent runs"
                                  : fmt::format("{}: no change point in the last {} runs ({})",
                                                p.subject, p.length, shift);
    checks.push_back(std::move(p.check));
  }
  return checks;
}

}  // namespace
}  // namespace perfgate::stats
