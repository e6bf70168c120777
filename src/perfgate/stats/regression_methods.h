// SPDX-License-Identifier: MIT
// Internal to the baseline comparison: one metric of one endpoint turned into an estimated change
// with its noise (measured from the history, or from one run's blocks plus a range of run-to-run
// noise), before the gate-wide adjustment and the three-way decision (regression.cpp).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "perfgate/results/run_result.h"
#include "perfgate/stats/baseline.h"
#include "perfgate/stats/compare.h"
#include "perfgate/stats/metric_id.h"
#include "perfgate/stats/noise_model.h"
#include "perfgate/stats/run_quality.h"
#include "perfgate/stats/three_way.h"
#include "perfgate/stats/verdict.h"

namespace perfgate::stats::detail {

using MetricKind = MetricId;

struct MetricSpec {
  MetricKind kind;
  double percentile;  // latency metrics
  Direction direction;

  const char* name() const { return metric_names(kind).name; }    // Check::metric
  const char* label() const { return metric_names(kind).label; }  // "p95", "throughput"
};

// The compared metrics' specs, by kind.
const MetricSpec& metric_spec(MetricKind kind);

// Which false-alarm budget a check spends: `fail` checks can fail the gate and are adjusted
// together; `warn` checks (p99: a single pause moves it) only warn, adjusted among themselves.
enum class Family { fail, warn };

// One compared metric before adjustment.
struct TestedMetric {
  const MetricSpec* spec = nullptr;
  Check check;  // values, method and tolerance filled in
  Family family = Family::fail;
  // False when nothing in the data could show this check worse (an error rate with no error on
  // either side): it then leaves the Holm family, as Tarone (1990) drops the hypotheses whose
  // smallest attainable p-value cannot reach the level, so it spends none of the budget.
  bool can_show_regression = true;
  // The change and its noise; none when there was nothing to estimate (the check's status and
  // explanation are then final).
  std::optional<ChangeEstimate> estimate;
  // When a fail must clear more noise than the history measured (a tail's floor): the same
  // change with that noise, for the fail test and the detectable change; a pass still needs the
  // bound of `estimate` under the tolerance.
  std::optional<ChangeEstimate> fail_estimate;
  // Against a history, when this run's blocks wandered more than the baseline run's (and
  // `estimate` counts that wander as run-to-run noise): the same change without it, for the
  // screen that asks whether every endpoint of a swinging run got slower, where the wander is
  // the very thing looked for.
  std::optional<ChangeEstimate> steady_estimate;
  // One-run baselines: the same change judged as if runs of the same code never differed; the
  // explanation says what the unknown run-to-run noise decides.
  std::optional<ChangeEstimate> quiet_estimate;
  // A p50 against a history: the same change by the runs' quickest quarter of blocks
  // (EndpointRunSummary::quick_p50_ms), in which a busy machine weighs least. A second way to
  // show a regression, each way at half the check's level; never a way to rule one out. The
  // quartiles on both sides, in ms.
  std::optional<ChangeEstimate> quick_estimate;
  double quick_baseline_ms = 0, quick_current_ms = 0;
  // Its tolerance: the relative one, or min_latency_change_ms of the quartile's own baseline.
  double quick_tolerance = 0;
  std::string quick_noise;  // "run-to-run noise of the quickest quarters ±0.9% over 3 runs"
  // When the current run had outlying blocks (a stalled second): the change on the estimate's
  // scale from its other blocks alone, and how many were set aside. A fail that needs them is
  // the machine's as likely as the code's (check_decision.cpp).
  std::optional<double> change_without_outliers;
  int outlying_blocks = 0;
  // A disturbed run's latency from the windows in which throughput held alone, on the
  // estimate's scale, and how many swung: a fail that needs those seconds may be the machine's.
  std::optional<double> change_without_swung_windows;
  int swung_windows = 0;
  // An error rate whose errors no saturated generator makes (refusals, resets, 5xx — not
  // timeouts or failed latency checks): a fail stands even when the generator was the bottleneck.
  bool errors_not_the_generators = false;
  double tolerance = 0;  // in the estimate's units (log ratio, or a rate for errors)
  // The absolute floor (min_latency_change_ms, min_error_rate_increase) set the tolerance.
  bool absolute_tolerance = false;
  std::string subject;  // "p95 of login"
  std::string unit;     // "ms", "/s", "%"
  std::string noise;    // "noise from 3 runs of history", for the explanation
  std::string advice;   // what would let an inconclusive check decide
};

// The data of one endpoint (empty name: the total) on both sides.
struct EndpointData {
  std::string name;
  const metrics::EndpointMetrics* current = nullptr;
  const std::vector<metrics::EndpointWindow>* current_windows = nullptr;
  const metrics::EndpointMetrics* baseline = nullptr;  // latest baseline run
  const std::vector<metrics::EndpointWindow>* baseline_windows = nullptr;
  std::vector<const EndpointRunSummary*> history;  // oldest first, runs that have it
  // Every run of the history as recorded, disturbed ones too: their quickest quarter of blocks
  // is the least disturbed part of them, so none is set aside for it.
  std::vector<const EndpointRunSummary*> every_history;
};

struct MethodContext {
  const results::RunResult* current_run = nullptr;
  const results::RunResult* baseline_run = nullptr;
  const CompareOptions* options = nullptr;
  const RunQuality* quality = nullptr;  // the current run's; none: not assessed
};

// The between-run spread of one metric of one endpoint over the history, on the log scale.
struct HistoryFeature {
  int runs = 0;
  double mean_log = 0;
  VarianceFeature variance;  // sample variance of the runs' log values, runs - 1 df
};

// nullopt with fewer than 2 history runs that have the metric.
std::optional<HistoryFeature> history_feature(const EndpointData& data, const MetricSpec& spec);
// The same for the p50 of the runs' quickest quarter of blocks, from the runs that recorded it
// (not baselines written before it was, nor runs of too few blocks): nullopt for other metrics
// and with fewer than 2 such runs. Not for tails: a CPU hog raises a p95 in most
// blocks, not in a few (on the corpus a quickest-quarter p95 failed 1.5 % of unchanged runs).
std::optional<HistoryFeature> quick_history_feature(const EndpointData& data,
                                                    const MetricSpec& spec);

// A history feature with the prior of its group.
struct ModeratedFeature {
  HistoryFeature feature;
  VariancePrior prior;
};

// Latency or throughput against the history's runs, with the between-run variance moderated by
// the prior fitted over the checks of the same group; a p50 by its quickest quarter of blocks
// too when `quick` is given.
TestedMetric history_estimate(const EndpointData& data, const MetricSpec& spec,
                              const MethodContext& context, const ModeratedFeature& whole,
                              const std::optional<ModeratedFeature>& quick);
// Latency or throughput against the latest baseline run: within-run noise from both runs'
// blocks, plus the plausible range of run-to-run noise (options.assumed_run_cv).
TestedMetric one_run_estimate(const EndpointData& data, const MetricSpec& spec,
                              const MethodContext& context);
// Error rates: over-dispersed counts (the spread of block rates inside each run, and of run
// rates across the history), never requests treated as independent.
TestedMetric error_rate_estimate(const EndpointData& data, const MetricSpec& spec,
                                 const MethodContext& context);

// One round of an interleaved A/B run: a base block and a head block, run back to back.
struct AbPair {
  const results::RunResult* base = nullptr;
  const results::RunResult* head = nullptr;
};
// The change as the mean of per-round paired differences (log ratios; differences of rates for
// errors), with outlying rounds set aside, on a paired t with rounds - 1 df. `base` and `head`
// are the joined sides, whose values the check shows.
TestedMetric interleaved_estimate(const std::string& endpoint, const MetricSpec& spec,
                                  const std::vector<AbPair>& rounds, const CompareOptions& options,
                                  const results::RunResult& base, const results::RunResult& head);

double summary_value(const EndpointRunSummary& summary, MetricKind kind);
double metric_value(const metrics::EndpointMetrics& endpoint, MetricKind kind, double seconds);
// The relative (latency, throughput) or absolute (error rate) change that `worse` stands for.
double change_of(const MetricSpec& spec, double worse);

// "p95 of login" / "p95 (total)".
std::string subject_of(const MetricSpec& spec, const std::string& endpoint);
std::string format_value(double value, const std::string& unit);
// "+12.3%" for a relative change of 0.123.
std::string percent(double change);

}  // namespace perfgate::stats::detail
