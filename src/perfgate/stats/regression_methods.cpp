// SPDX-License-Identifier: MIT
#include "perfgate/stats/regression_methods.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/math/distributions/fisher_f.hpp>
#include <cmath>
#include <initializer_list>

#include "perfgate/stats/number_text.h"
#include "perfgate/stats/window_blocks.h"

namespace perfgate::stats::detail {
namespace {

constexpr std::array<MetricSpec, 5> k_specs{{
    {MetricKind::p50, 50, Direction::higher_is_worse},
    {MetricKind::p95, 95, Direction::higher_is_worse},
    {MetricKind::p99, 99, Direction::higher_is_worse},
    {MetricKind::error_rate, 0, Direction::higher_is_worse},
    {MetricKind::rps, 0, Direction::lower_is_worse},
}};

// A log-linear histogram resolves values to about 0.8 %: no noise estimate may go below that.
constexpr double k_resolution_variance = 0.005 * 0.005;

double seconds_of(const results::RunResult& run) {
  return std::chrono::duration<double>(run.meta.duration).count();
}

// log(current / baseline), signed so that > 0 is worse.
double worse_log(const MetricSpec& spec, double ratio) {
  return spec.direction == Direction::higher_is_worse ? std::log(ratio) : -std::log(ratio);
}

// The tolerance on the estimate's scale: +10 % latency is log(1.1); -10 % throughput -log(0.9).
double log_tolerance(const MetricSpec& spec, double tolerance) {
  if (spec.direction == Direction::higher_is_worse) return std::log1p(tolerance);
  return tolerance >= 1 ? k_infinite_df : -std::log1p(-tolerance);
}

TestedMetric start(const std::string& endpoint, const MetricSpec& spec,
                   const CompareOptions& options) {
  TestedMetric tested;
  tested.spec = &spec;
  tested.check.kind = CheckKind::regression;
  tested.check.endpoint = endpoint;
  tested.check.metric = spec.name();
  tested.family = spec.kind == MetricKind::p99 ? Family::warn : Family::fail;
  tested.subject = subject_of(spec, endpoint);
  tested.unit = spec.kind == MetricKind::rps          ? "/s"
                : spec.kind == MetricKind::error_rate ? "%"
                                                      : "ms";
  tested.check.tolerance = options.tolerances.for_check(endpoint, spec.name());
  tested.tolerance = log_tolerance(spec, *tested.check.tolerance);
  return tested;
}

TestedMetric start(const EndpointData& data, const MetricSpec& spec, const MethodContext& context) {
  return start(data.name, spec, *context.options);
}

// The metric of one endpoint (empty: every endpoint together) of a run, or nullopt.
std::optional<double> run_value(const results::RunResult& run, const std::string& endpoint,
                                const MetricSpec& spec) {
  metrics::EndpointMetrics total;
  const metrics::EndpointMetrics* metrics = nullptr;
  if (endpoint.empty()) {
    total = run.metrics.total();
    metrics = &total;
  } else if (const auto* series = run.metrics.find(endpoint)) {
    metrics = &series->totals;
  }
  if (metrics == nullptr || metrics->requests == 0) return std::nullopt;
  return metric_value(*metrics, spec.kind, seconds_of(run));
}

TestedMetric not_estimated(TestedMetric tested, Status status, const std::string& why) {
  tested.check.status = status;
  tested.check.explanation = fmt::format("{}: {}", tested.subject, why);
  tested.estimate.reset();
  return tested;
}

void fill_values(TestedMetric& tested, double baseline, double current) {
  tested.check.baseline = baseline;
  tested.check.current = current;
  if (baseline > 0) tested.check.relative_change = current / baseline - 1;
}

// Latency: the tolerance is the larger of the relative one and min_latency_change_ms.
void apply_latency_floor(TestedMetric& tested, double baseline_ms, const CompareOptions& options) {
  if (tested.spec->kind == MetricKind::rps || tested.spec->kind == MetricKind::error_rate ||
      !(baseline_ms > 0)) {
    return;
  }
  double floor = std::log1p(options.min_latency_change_ms / baseline_ms);
  if (floor > tested.tolerance) {
    tested.tolerance = floor;
    tested.absolute_tolerance = true;
  }
}

// The within-run spread of one run's metric, from blocks of its whole windows.
BlockSpread within_run(const std::vector<metrics::EndpointWindow>& windows,
                       const results::RunResult& run, const MetricSpec& spec,
                       const CompareOptions& options, OutlierSide side = OutlierSide::both) {
  size_t usable = results::whole_windows(run, windows.size());
  if (spec.kind == MetricKind::rps) {
    double window_s = std::chrono::duration<double>(run.metrics.window_length).count();
    return robust_log_spread(block_rates(windows, usable, window_s, options.max_blocks), side);
  }
  return robust_log_spread(
      latency_block_percentiles_ms(windows, usable, spec.percentile, options.tail_samples_per_block,
                                   options.max_blocks),
      side);
}

// Notes what the change would be from the current run's kept blocks alone, when some were set
// aside (latency and throughput: error rates have their own dispersion).
void note_outlying_blocks(TestedMetric& tested, const BlockSpread& current, double baseline) {
  if (current.outliers == 0 || current.blocks == 0 || !(baseline > 0)) return;
  tested.outlying_blocks = current.outliers;
  tested.change_without_outliers =
      worse_log(*tested.spec, std::exp(current.kept_mean_log) / baseline);
}

// Notes what a latency change would be from the current run's windows in which throughput held,
// when the run was disturbed by a swing (not a saturated generator, which taints every window;
// a disturbed run's throughput fails are inconclusive anyway).
void note_swung_windows(TestedMetric& tested, const EndpointData& data,
                        const MethodContext& context, double baseline) {
  const RunQuality* quality = context.quality;
  bool latency = tested.spec->kind == MetricKind::p50 || tested.spec->kind == MetricKind::p95 ||
                 tested.spec->kind == MetricKind::p99;
  if (!latency || quality == nullptr || quality->generator_limited ||
      quality->swung_windows.empty() || data.current_windows == nullptr || !(baseline > 0)) {
    return;
  }
  size_t usable = results::whole_windows(*context.current_run, data.current_windows->size());
  metrics::CompactHistogram steady;
  for (size_t i = 0; i < usable; ++i) {
    if (!std::binary_search(quality->swung_windows.begin(), quality->swung_windows.end(), i)) {
      steady.merge((*data.current_windows)[i].latency);
    }
  }
  if (steady.empty()) return;
  std::array<double, 1> at{tested.spec->percentile};
  double value = static_cast<double>(steady.values_at_percentiles(at).front()) / 1000.0;
  if (!(value > 0)) return;
  tested.swung_windows = static_cast<int>(quality->swung_windows.size());
  tested.change_without_swung_windows = worse_log(*tested.spec, value / baseline);
}

// Welch–Satterthwaite degrees of freedom of a sum of variances; `extra` has infinite df.
double welch_df(const BlockSpread& a, const BlockSpread& b, double extra) {
  double va = a.se * a.se;
  double vb = b.se * b.se;
  double denominator = (a.df > 0 ? va * va / a.df : 0) + (b.df > 0 ? vb * vb / b.df : 0);
  double total = va + vb + extra;
  return denominator > 0 ? total * total / denominator : k_infinite_df;
}

// Pearson dispersion of block error counts around the run's rate (1: as binomial; bursts: more),
// estimated from the blocks with blocks - 1 degrees of freedom (quasi-binomial: McCullagh &
// Nelder 1989, §4.5). A variance it scales is known only to those df: with 5 blocks, one burst
// of errors in an unchanged service looks like a regression to a normal test (on the corpus,
// 1.5 % of one-run gates failed so).
struct Dispersion {
  double factor = 1;
  double df = k_infinite_df;  // the binomial's, when the counts are no more dispersed than it
};

// Pearson χ² of block error counts around a rate, and its degrees of freedom (blocks − 1; none
// when the rate is 0 or 1: such blocks cannot show how errors cluster).
struct Pearson {
  double chi2 = 0;
  double df = 0;
};

Pearson pearson(const std::vector<CountBlock>& blocks, double rate) {
  if (blocks.size() < 2 || rate <= 0 || rate >= 1) return {};
  Pearson result;
  for (const CountBlock& block : blocks) {
    if (block.requests == 0) continue;
    double expected = static_cast<double>(block.requests) * rate;
    double diff = static_cast<double>(block.errors) - expected;
    result.chi2 += diff * diff / (expected * (1 - rate));
  }
  result.df = static_cast<double>(blocks.size() - 1);
  return result;
}

Dispersion dispersion_of(const Pearson& pearson) {
  if (pearson.df <= 0 || pearson.chi2 / pearson.df <= 1) return {};
  return {pearson.chi2 / pearson.df, pearson.df};
}

// Welch–Satterthwaite degrees of freedom of a sum of variances, each known to its own df.
double sum_df(std::initializer_list<std::pair<double, double>> variances_and_df) {
  double total = 0;
  double denominator = 0;
  for (auto [variance, df] : variances_and_df) {
    total += variance;
    if (std::isfinite(df) && df > 0) denominator += variance * variance / df;
  }
  return denominator > 0 ? total * total / denominator : k_infinite_df;
}

// The variance of a run's error rate: binomial (with a continuity-corrected rate, so that no
// errors still leaves room for a few) times the run's dispersion.
double rate_variance(int64_t errors, int64_t requests, double dispersion_factor) {
  double smoothed = (static_cast<double>(errors) + 0.5) / (static_cast<double>(requests) + 1);
  return dispersion_factor * smoothed * (1 - smoothed) / static_cast<double>(requests);
}

}  // namespace

const MetricSpec& metric_spec(MetricKind kind) {
  return k_specs[static_cast<size_t>(kind)];
}

std::string subject_of(const MetricSpec& spec, const std::string& endpoint) {
  return endpoint.empty() ? fmt::format("{} (total)", spec.label())
                          : fmt::format("{} of {}", spec.label(), endpoint);
}

std::string percent(double change) {
  return fmt::format("{:+.1f}%", change * 100);
}

std::string format_value(double value, const std::string& unit) {
  if (unit == "%") return fmt::format("{:.3g}%", value * 100);
  if (unit == "/s") return four_digits(value) + "/s";
  return four_digits(value) + " " + unit;
}

double summary_value(const EndpointRunSummary& summary, MetricKind kind) {
  switch (kind) {
    case MetricKind::p50:
      return summary.p50_ms;
    case MetricKind::p95:
      return summary.p95_ms;
    case MetricKind::p99:
      return summary.p99_ms;
    case MetricKind::error_rate:
      return summary.error_rate;
    case MetricKind::rps:
      return summary.rps;
  }
  return 0;
}

double metric_value(const metrics::EndpointMetrics& endpoint, MetricKind kind, double seconds) {
  switch (kind) {
    case MetricKind::p50:
      return static_cast<double>(endpoint.latency.value_at_percentile(50)) / 1e3;
    case MetricKind::p95:
      return static_cast<double>(endpoint.latency.value_at_percentile(95)) / 1e3;
    case MetricKind::p99:
      return static_cast<double>(endpoint.latency.value_at_percentile(99)) / 1e3;
    case MetricKind::error_rate:
      return endpoint.requests > 0
                 ? static_cast<double>(endpoint.errors) / static_cast<double>(endpoint.requests)
                 : 0;
    case MetricKind::rps:
      return seconds > 0 ? static_cast<double>(endpoint.requests) / seconds : 0;
  }
  return 0;
}

double change_of(const MetricSpec& spec, double worse) {
  switch (spec.kind) {
    case MetricKind::error_rate:
      return worse;
    case MetricKind::rps:
      return std::exp(-worse) - 1;
    default:
      return std::exp(worse) - 1;
  }
}

namespace {

std::optional<HistoryFeature> feature_of(const std::vector<double>& logs) {
  if (logs.size() < 2) return std::nullopt;
  HistoryFeature feature;
  feature.runs = static_cast<int>(logs.size());
  for (double value : logs) feature.mean_log += value;
  feature.mean_log /= static_cast<double>(logs.size());
  double squares = 0;
  for (double value : logs) squares += (value - feature.mean_log) * (value - feature.mean_log);
  feature.variance.df = static_cast<double>(logs.size() - 1);
  feature.variance.variance = squares / feature.variance.df;
  return feature;
}

double quick_value(const EndpointRunSummary& summary, MetricKind kind) {
  return kind == MetricKind::p50 ? summary.quick_p50_ms : 0;
}

}  // namespace

std::optional<HistoryFeature> history_feature(const EndpointData& data, const MetricSpec& spec) {
  std::vector<double> logs;
  for (const EndpointRunSummary* summary : data.history) {
    double value = summary_value(*summary, spec.kind);
    if (summary->requests > 0 && value > 0) logs.push_back(std::log(value));
  }
  return feature_of(logs);
}

std::optional<HistoryFeature> quick_history_feature(const EndpointData& data,
                                                    const MetricSpec& spec) {
  std::vector<double> logs;
  for (const EndpointRunSummary* summary : data.every_history) {
    double value = quick_value(*summary, spec.kind);
    if (value > 0) logs.push_back(std::log(value));
  }
  return feature_of(logs);
}

// The change by the runs' quickest quarter of blocks, judged as the whole run's is below (the
// quartile's own standard error is its floor).
void estimate_quick(TestedMetric& tested, const EndpointData& data, const MetricSpec& spec,
                    const MethodContext& context, const ModeratedFeature& quick) {
  const CompareOptions& options = *context.options;
  size_t usable = results::whole_windows(*context.current_run, data.current_windows->size());
  std::optional<BlockQuartile> own = lower_quartile_of_blocks(
      latency_block_percentiles_ms(*data.current_windows, usable, spec.percentile,
                                   options.tail_samples_per_block, options.max_blocks));
  if (!own) return;
  double baseline = std::exp(quick.feature.mean_log);
  double current = std::exp(own->log_value);
  double run_to_run = moderated_variance(quick.prior, quick.feature.variance);
  double n = quick.feature.runs;
  double m = std::max(1, options.current_runs);
  double variance =
      std::max(run_to_run * (1 / m + 1 / n), own->se * own->se + k_resolution_variance);
  tested.quick_estimate = ChangeEstimate{worse_log(spec, current / baseline), std::sqrt(variance),
                                         quick.prior.df + quick.feature.variance.df};
  tested.quick_baseline_ms = baseline;
  tested.quick_current_ms = current;
  tested.quick_tolerance = std::max(log_tolerance(spec, *tested.check.tolerance),
                                    std::log1p(options.min_latency_change_ms / baseline));
  tested.quick_noise =
      fmt::format("run-to-run noise of the quickest quarters ±{:.1f}% measured over {} runs",
                  std::sqrt(run_to_run) * 100, quick.feature.runs);
}

// A log-scale SD as the relative change of one SD up, in percent: ±0.135 reads ±14.5 %, and a
// log SD of 1.1 reads ±200 %, not an impossible-looking ±110 % below.
double log_sd_percent(double log_sd) {
  return std::expm1(log_sd) * 100;
}

struct Wander {
  double variance = 0;
  double df = k_infinite_df;
  double current_sd = 0;    // the current run's blocks' log SD (pooled over its parts)
  double reference_sd = 0;  // the baseline run's
};

// The current run's block spread, pooled over the runs it joined (each part's blocks around
// its own level).
BlockSpread current_spread(const EndpointData& data, const MethodContext& context,
                           const MetricSpec& spec, OutlierSide side) {
  const results::RunResult& run = *context.current_run;
  if (run.joined.size() < 2) {
    return within_run(*data.current_windows, run, spec, *context.options, side);
  }
  BlockSpread pooled;
  double squares = 0;
  const auto& all = *data.current_windows;
  for (const results::JoinedRun& part : run.joined) {
    if (part.first_window >= all.size()) continue;
    size_t last = std::min(all.size(), part.first_window + part.whole_windows);
    std::vector<metrics::EndpointWindow> windows(all.begin() + static_cast<long>(part.first_window),
                                                 all.begin() + static_cast<long>(last));
    BlockSpread one = within_run(windows, run, spec, *context.options, side);
    if (one.blocks < 2) continue;
    squares += one.log_sd * one.log_sd * one.df;
    pooled.df += one.df;
    pooled.blocks += one.blocks;
  }
  if (pooled.df > 0) pooled.log_sd = std::sqrt(squares / pooled.df);
  return pooled;
}

// How much more this run's blocks wandered than the latest baseline run's, on the log scale. A
// run whose level moved from second to second when the baseline's did not was not steady: the
// machine's load changed under it, and its level as a whole may then have moved by as much,
// which calm runs of history cannot show. On the corpus, an unchanged 5 s run whose 10 ms p50
// was 15.7, 13.6, 11.6, 15.7 and 15.6 ms in its seconds failed at p = 6e-5 against 2 calm runs
// of history (10.6–10.7 ms). Counted only when the current blocks' variance is beyond the
// baseline's at the 5 % level (F test): two steady runs' spreads differ by chance, and the
// positive part of that difference would widen every steady run's interval. Then it is the
// difference of the variances (as DerSimonian & Laird estimate the heterogeneity beyond
// sampling), with its Satterthwaite df. Blocks far on a stall's side are set aside as always (a
// stall only adds time, or takes throughput away); blocks far on the other side stay: they are
// the seconds in which the service ran with less of the machine in it (both ways, that run's
// two quicker seconds were "outliers" and it looked steady). Confirmation runs joined into one
// are measured part by part (the shifts between them are run-to-run noise, counted already),
// and their mean wanders 1/m as much.
Wander wander_beyond_baseline(const EndpointData& data, const MethodContext& context,
                              const MetricSpec& spec) {
  const CompareOptions& options = *context.options;
  if (context.baseline_run == nullptr || data.baseline_windows == nullptr) return {};
  OutlierSide stalls = spec.kind == MetricKind::rps ? OutlierSide::below : OutlierSide::above;
  BlockSpread current = current_spread(data, context, spec, stalls);
  BlockSpread reference =
      within_run(*data.baseline_windows, *context.baseline_run, spec, options, stalls);
  if (current.blocks < options.min_blocks || reference.blocks < options.min_blocks) return {};
  if (!(current.df > 0) || !(reference.df > 0)) return {};
  double current_variance = current.log_sd * current.log_sd;
  double reference_variance = std::max(reference.log_sd * reference.log_sd, k_resolution_variance);
  boost::math::fisher_f_distribution<double> f(current.df, reference.df);
  if (!(current_variance / reference_variance > boost::math::quantile(f, 0.95))) return {};
  double excess = current_variance - reference_variance;
  double m = std::max(1, options.current_runs);
  Wander wander;
  wander.variance = excess / m;
  wander.df = excess * excess /
              (current_variance * current_variance / current.df +
               reference_variance * reference_variance / reference.df);
  wander.current_sd = current.log_sd;
  wander.reference_sd = std::sqrt(reference_variance);
  return wander;
}

TestedMetric history_estimate(const EndpointData& data, const MetricSpec& spec,
                              const MethodContext& context, const ModeratedFeature& whole,
                              const std::optional<ModeratedFeature>& quick) {
  const HistoryFeature& feature = whole.feature;
  const VariancePrior& prior = whole.prior;
  TestedMetric tested = start(data, spec, context);
  if (data.current == nullptr || data.current->requests == 0) {
    return not_estimated(std::move(tested), Status::no_data, "no requests in this run");
  }
  double current = metric_value(*data.current, spec.kind, seconds_of(*context.current_run));
  if (!(current > 0)) return not_estimated(std::move(tested), Status::no_data, "no value");
  double baseline = std::exp(feature.mean_log);
  fill_values(tested, baseline, current);
  apply_latency_floor(tested, baseline, *context.options);
  double between = moderated_variance(prior, feature.variance);
  double df = prior.df + feature.variance.df;
  double n = feature.runs;
  double m = std::max(1, context.options->current_runs);
  BlockSpread own = within_run(*data.current_windows, *context.current_run, spec, *context.options);
  Wander wander = wander_beyond_baseline(data, context, spec);
  // The mean of m more runs of the same code varies by between / m around the history's mean,
  // which itself is known to between / n; never less than this run's own sampling noise. A run
  // that wandered adds its wander, with Welch–Satterthwaite df (never more than the history's).
  auto change_with = [&](double run_to_run, const Wander& wandered) {
    double variance =
        std::max(run_to_run * (1 / m + 1 / n), own.se * own.se + k_resolution_variance);
    double total_df = std::min(df, sum_df({{variance, df}, {wandered.variance, wandered.df}}));
    return ChangeEstimate{worse_log(spec, current / baseline),
                          std::sqrt(variance + wandered.variance), total_df};
  };
  tested.estimate = change_with(between, wander);
  if (wander.variance > 0) tested.steady_estimate = change_with(between, Wander{});
  // A tail's run-to-run spread is heavy-tailed: a scheduler's time slice moves a 0.3 ms
  // endpoint's p95 to several ms in one run of many, which runs of history that happened to be
  // quiet do not show. To fail, a tail's change must clear the one-run range's absolute part
  // too (on the corpus this took the A/A false alarms of 3-run baselines of 10 s from 3 % to 0
  // at the same power); a pass is judged on the measured noise.
  double absolute = std::log1p(context.options->assumed_run_noise_ms / baseline);
  bool tail = spec.kind == MetricKind::p95 || spec.kind == MetricKind::p99;
  if (tail && absolute * absolute > between)
    tested.fail_estimate = change_with(absolute * absolute, wander);
  note_outlying_blocks(tested, own, baseline);
  note_swung_windows(tested, data, context, baseline);
  if (quick) estimate_quick(tested, data, spec, context, *quick);
  tested.check.method = fmt::format(
      "history(n={}{}, moderated variance, t df={:.3g}{})", feature.runs,
      m > 1 ? fmt::format(", current runs={}", m) : "", tested.estimate->df,
      tested.quick_estimate
          ? fmt::format(", and by the quickest quarter of blocks of {} runs", quick->feature.runs)
          : "");
  // A short or light run's own sampling noise can decide the estimate's precision: say so, or
  // a ±1 % noise beside a +91 % smallest detectable change reads as a contradiction.
  double own_variance = own.se * own.se + k_resolution_variance;
  std::string own_part;
  if (own_variance > between * (1 / m + 1 / n)) {
    own_part = fmt::format(
        "; the estimate's precision is this run's own sampling noise, ±{:.1f}% over its {} "
        "blocks",
        std::sqrt(own_variance) * 100, own.blocks);
  }
  std::string wander_part;
  if (wander.variance > 0) {
    wander_part = fmt::format(
        "; this run's blocks varied ±{:.1f}% against the baseline run's ±{:.1f}%: the excess, "
        "±{:.1f}%, counts as run-to-run noise (the machine's load may have changed under it)",
        log_sd_percent(wander.current_sd), log_sd_percent(wander.reference_sd),
        log_sd_percent(std::sqrt(wander.variance)));
  }
  tested.noise = fmt::format(
      "run-to-run noise ±{:.1f}% measured over {} runs (pooled across checks){}{}{}",
      std::sqrt(between) * 100, feature.runs, own_part, wander_part,
      tested.fail_estimate
          ? fmt::format("; to fail, a tail is judged with at least ±{:g} ms of run-to-run noise "
                        "(a shared machine's time slice, which calm runs may not show)",
                        context.options->assumed_run_noise_ms)
          : std::string());
  tested.advice = "keep more runs of history, run longer, or use `perf-gate ab`";
  return tested;
}

TestedMetric one_run_estimate(const EndpointData& data, const MetricSpec& spec,
                              const MethodContext& context) {
  TestedMetric tested = start(data, spec, context);
  const CompareOptions& options = *context.options;
  if (data.current == nullptr || data.current->requests == 0) {
    return not_estimated(std::move(tested), Status::no_data, "no requests in this run");
  }
  if (data.baseline == nullptr || data.baseline->requests == 0) {
    return not_estimated(std::move(tested), Status::no_data, "no requests in the baseline run");
  }
  BlockSpread current_spread =
      within_run(*data.current_windows, *context.current_run, spec, options);
  BlockSpread baseline_spread =
      within_run(*data.baseline_windows, *context.baseline_run, spec, options);
  double current = metric_value(*data.current, spec.kind, seconds_of(*context.current_run));
  double baseline = metric_value(*data.baseline, spec.kind, seconds_of(*context.baseline_run));
  fill_values(tested, baseline, current);
  apply_latency_floor(tested, baseline, options);
  bool from_summary =
      context.current_run->meta.latency_precision == results::LatencyPrecision::percentiles ||
      context.baseline_run->meta.latency_precision == results::LatencyPrecision::percentiles;
  if ((current_spread.blocks < options.min_blocks || baseline_spread.blocks < options.min_blocks) &&
      from_summary) {
    return not_estimated(std::move(tested), Status::inconclusive,
                         "imported from an end-of-test summary, which has no time windows to "
                         "measure the noise in: keep 2 or more runs of history, or import "
                         "k6 --out json instead");
  }
  if (current_spread.blocks < options.min_blocks || baseline_spread.blocks < options.min_blocks) {
    return not_estimated(
        std::move(tested), Status::inconclusive,
        fmt::format("too little data to measure the noise: {} and {} blocks (needs {} per run){}; "
                    "run longer or at more load",
                    baseline_spread.blocks, current_spread.blocks, options.min_blocks,
                    spec.kind == MetricKind::rps
                        ? std::string()
                        : fmt::format(" of ≥ {} requests",
                                      requests_per_block(spec.percentile,
                                                         options.tail_samples_per_block))));
  }
  if (!(current > 0) || !(baseline > 0)) {
    return not_estimated(std::move(tested), Status::no_data, "no value");
  }
  double quiet = current_spread.se * current_spread.se + baseline_spread.se * baseline_spread.se +
                 k_resolution_variance;
  bool tail = spec.kind == MetricKind::p95 || spec.kind == MetricKind::p99;
  double run_cv = options.assumed_run_cv * (tail ? options.tail_run_cv_factor : 1);
  double per_run = run_cv * run_cv;
  if (spec.kind != MetricKind::rps) {
    double absolute = std::log1p(options.assumed_run_noise_ms / baseline);
    per_run += absolute * absolute;
  }
  // The baseline run's own run-to-run noise, and the current runs' mean's.
  double run_to_run = per_run * (1 + 1.0 / std::max(1, options.current_runs));
  double worse = worse_log(spec, current / baseline);
  tested.quiet_estimate =
      ChangeEstimate{worse, std::sqrt(quiet), welch_df(current_spread, baseline_spread, 0)};
  tested.estimate = ChangeEstimate{worse, std::sqrt(quiet + run_to_run),
                                   welch_df(current_spread, baseline_spread, run_to_run)};
  note_outlying_blocks(tested, current_spread, baseline);
  note_swung_windows(tested, data, context, baseline);
  tested.check.method = fmt::format("one-run(blocks {} vs {}, run-to-run ≤ {:g}%)",
                                    baseline_spread.blocks, current_spread.blocks, run_cv * 100);
  tested.noise = fmt::format(
      "one baseline run: run-to-run noise not measured, judged at up to {:g}%{}{}{}", run_cv * 100,
      spec.kind == MetricKind::rps ? std::string()
                                   : fmt::format(" and {:g} ms", options.assumed_run_noise_ms),
      tail && run_cv > 0 ? " (a tail varies more than a median)" : "",
      current_spread.outliers + baseline_spread.outliers > 0
          ? fmt::format("; {} outlying block(s) set aside",
                        current_spread.outliers + baseline_spread.outliers)
          : std::string());
  tested.advice =
      "keep 2 or more runs of history (`perf-gate baseline update`) or use `perf-gate ab`";
  return tested;
}

TestedMetric error_rate_estimate(const EndpointData& data, const MetricSpec& spec,
                                 const MethodContext& context) {
  TestedMetric tested = start(data, spec, context);
  const CompareOptions& options = *context.options;
  if (data.current == nullptr || data.current->requests == 0) {
    return not_estimated(std::move(tested), Status::no_data, "no requests in this run");
  }
  int64_t base_errors = 0;
  int64_t base_requests = 0;
  std::vector<double> run_rates;
  for (const EndpointRunSummary* summary : data.history) {
    if (summary->requests <= 0) continue;
    base_errors += summary->errors;
    base_requests += summary->requests;
    run_rates.push_back(static_cast<double>(summary->errors) /
                        static_cast<double>(summary->requests));
  }
  bool history = static_cast<int>(run_rates.size()) >= options.min_history_for_noise;
  if (!history && data.baseline != nullptr) {
    base_errors = data.baseline->errors;
    base_requests = data.baseline->requests;
  }
  if (base_requests <= 0) {
    return not_estimated(std::move(tested), Status::no_data, "no requests in the baseline");
  }
  int64_t errors = data.current->errors;
  int64_t requests = data.current->requests;
  double current = static_cast<double>(errors) / static_cast<double>(requests);
  double baseline = static_cast<double>(base_errors) / static_cast<double>(base_requests);
  fill_values(tested, baseline, current);
  size_t usable = results::whole_windows(*context.current_run, data.current_windows->size());
  Pearson current_pearson =
      pearson(count_blocks(*data.current_windows, usable, options.max_blocks), current);
  Dispersion current_dispersion = dispersion_of(current_pearson);
  double current_variance = rate_variance(errors, requests, current_dispersion.factor);
  double variance = 0;
  double df = k_infinite_df;
  std::string dispersion_text;
  if (history) {
    double mean = 0;
    for (double rate : run_rates) mean += rate;
    mean /= static_cast<double>(run_rates.size());
    double squares = 0;
    for (double rate : run_rates) squares += (rate - mean) * (rate - mean);
    double between = squares / static_cast<double>(run_rates.size() - 1);
    double pooled = rate_variance(base_errors, base_requests, 1);
    auto runs = static_cast<double>(run_rates.size());
    double current_runs = std::max(1, options.current_runs);
    // Each side's variance is the larger of its own sampling noise and the runs' spread. The
    // spread of 2 or 3 runs' rates is taken as known: a t test on its 1 or 2 df (a critical value
    // over 200 at the gate's level) called a rate 18 times the history's inconclusive. A
    // dispersion from a few blocks of the current run is not.
    std::pair<double, double> current_part{current_variance, current_dispersion.df};
    if (between / current_runs > current_variance) {
      current_part = {between / current_runs, k_infinite_df};
    }
    std::pair<double, double> base_part{std::max(pooled, between / runs), k_infinite_df};
    variance = current_part.first + base_part.first;
    df = sum_df({current_part, base_part});
    dispersion_text = fmt::format("run rates of {} history runs", run_rates.size());
  } else {
    size_t base_usable =
        results::whole_windows(*context.baseline_run, data.baseline_windows->size());
    Pearson base_pearson =
        pearson(count_blocks(*data.baseline_windows, base_usable, options.max_blocks), baseline);
    // Judged as a score test would: if nothing changed, both runs come from one process, whose
    // rate is their pooled rate and whose dispersion both runs' blocks show (each block around its
    // own run's rate, so that a real difference does not pass for dispersion). A run without
    // errors cannot show bursts: on the corpus an unchanged service failing in one second in five
    // gave 10 s runs with none, and judged at its own 0 % such a baseline failed 1.5 % of gates
    // confirmed by a second run.
    Dispersion common = dispersion_of(
        {current_pearson.chi2 + base_pearson.chi2, current_pearson.df + base_pearson.df});
    // p(1 − p) of one request at the pooled rate (continuity-corrected, as rate_variance is).
    double per_request = rate_variance(base_errors + errors, base_requests + requests, 1) *
                         static_cast<double>(base_requests + requests);
    variance = common.factor * per_request *
               (1 / static_cast<double>(requests) + 1 / static_cast<double>(base_requests));
    df = common.df;
    // Whose blocks showed it: a run without errors shows none.
    const char* whose = current_pearson.df > 0 && base_pearson.df > 0 ? "both runs' blocks"
                        : current_pearson.df > 0
                            ? "this run's blocks; the baseline run had no errors"
                        : base_pearson.df > 0 ? "the baseline run's blocks; this run had no errors"
                                              : "";
    dispersion_text = *whose == '\0' ? std::string("no errors in blocks to show a dispersion")
                                     : fmt::format("dispersion {:.3g} of {}", common.factor, whose);
  }
  tested.estimate = ChangeEstimate{current - baseline, std::sqrt(variance), df};
  tested.can_show_regression = errors > 0 || base_errors > 0;
  auto errors_of = [&](metrics::ErrorKind kind) {
    return data.current->errors_by_kind[static_cast<size_t>(kind)];
  };
  tested.errors_not_the_generators =
      errors_of(metrics::ErrorKind::timeout) == 0 && errors_of(metrics::ErrorKind::check) == 0;
  tested.tolerance = std::max(options.min_error_rate_increase, *tested.check.tolerance * baseline);
  tested.absolute_tolerance = tested.tolerance == options.min_error_rate_increase;
  tested.check.method = fmt::format("over-dispersed-rates({})", dispersion_text);
  tested.noise = fmt::format("{} errors in {} requests vs {} in {} ({})", errors, requests,
                             base_errors, base_requests, dispersion_text);
  tested.advice = "run longer";
  return tested;
}

TestedMetric interleaved_estimate(const std::string& endpoint, const MetricSpec& spec,
                                  const std::vector<AbPair>& rounds, const CompareOptions& options,
                                  const results::RunResult& base, const results::RunResult& head) {
  TestedMetric tested = start(endpoint, spec, options);
  std::optional<double> base_value = run_value(base, endpoint, spec);
  std::optional<double> head_value = run_value(head, endpoint, spec);
  if (!head_value) return not_estimated(std::move(tested), Status::no_data, "no requests on head");
  if (!base_value) return not_estimated(std::move(tested), Status::no_data, "no requests on base");
  fill_values(tested, *base_value, *head_value);
  apply_latency_floor(tested, *base_value, options);
  bool rates = spec.kind == MetricKind::error_rate;
  std::vector<double> differences;
  for (const AbPair& round : rounds) {
    std::optional<double> a = run_value(*round.base, endpoint, spec);
    std::optional<double> b = run_value(*round.head, endpoint, spec);
    if (!a || !b) continue;
    if (rates) {
      differences.push_back(*b - *a);
    } else if (*a > 0 && *b > 0) {
      differences.push_back(worse_log(spec, *b / *a));
    }
  }
  if (differences.size() < 3) {
    return not_estimated(
        std::move(tested), Status::inconclusive,
        fmt::format("{} paired rounds with data (needs 3): run more rounds", differences.size()));
  }
  PairedSpread paired = robust_paired_spread(differences);
  // Identical rounds would claim certainty: the floor is the histogram's resolution, or for
  // error rates the binomial noise of one round's requests on both sides.
  double floor = k_resolution_variance;
  if (rates) {
    auto counts = [&](const results::RunResult& run) {
      return endpoint.empty() ? run.metrics.total() : run.metrics.find(endpoint)->totals;
    };
    metrics::EndpointMetrics both = counts(base);
    both.merge(counts(head));
    auto per_round =
        std::max<int64_t>(1, both.requests / (2 * static_cast<int64_t>(rounds.size())));
    floor = 2 * rate_variance(both.errors, both.requests, 1) * static_cast<double>(both.requests) /
            static_cast<double>(per_round);
    tested.can_show_regression = both.errors > 0;
  }
  double variance = std::max(paired.se * paired.se, floor / paired.kept);
  tested.estimate = ChangeEstimate{paired.mean, std::sqrt(variance), paired.kept - 1.0};
  // The change shown is the paired estimate (what the bounds are about), not the ratio of the
  // joined sides, which an outlying round set aside would still move.
  if (!rates) tested.check.relative_change = change_of(spec, paired.mean);
  if (rates) {
    tested.tolerance =
        std::max(options.min_error_rate_increase, *tested.check.tolerance * *base_value);
  }
  tested.check.method = fmt::format(
      "interleaved-paired-t({} rounds, ABBA{})", paired.kept,
      paired.set_aside > 0 ? fmt::format(", {} set aside", paired.set_aside) : std::string());
  tested.noise =
      fmt::format("paired over {} interleaved rounds: drift hits both sides", paired.kept);
  tested.advice = "run more rounds (--rounds) or longer blocks (--block)";
  return tested;
}

}  // namespace perfgate::stats::detail
