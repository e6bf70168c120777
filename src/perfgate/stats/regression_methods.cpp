// SPDX-License-Identifier: MIT
#include "perfgate/stats/regression_methods.h"

#include <fmt/format.h>

#include <boost/math/distributions/normal.hpp>
#include <cmath>

#include "perfgate/stats/binomial_test.h"
#include "perfgate/stats/bootstrap.h"
#include "perfgate/stats/window_blocks.h"
#include "perfgate/stats/window_test.h"

namespace perfgate::stats::detail {
namespace {

double seconds_of(const results::RunResult& run) {
  return std::chrono::duration<double>(run.meta.duration).count();
}

size_t full_windows(const results::RunResult& run, size_t available) {
  auto length = run.metrics.window_length.count();
  if (length <= 0 || run.meta.duration.count() <= 0) return available;
  return std::min(available, static_cast<size_t>(run.meta.duration.count() / length));
}

// Squared standard error of the mean of `values` relative to their mean (delta method for the
// log of a mean-like statistic; avoids log(0) for empty windows).
double relative_se_squared(const std::vector<double>& values) {
  double n = static_cast<double>(values.size());
  if (n < 2) return 0;
  double mean = 0;
  for (double value : values) mean += value;
  mean /= n;
  if (mean <= 0) return 0;
  double squares = 0;
  for (double value : values) squares += (value - mean) * (value - mean);
  return squares / (n - 1) / n / (mean * mean);
}

void fill_change(TestedMetric& tested, double baseline, double current, double tolerance,
                 Direction direction) {
  tested.check.baseline = baseline;
  tested.check.current = current;
  tested.check.tolerance = tolerance;
  if (baseline > 0) tested.check.relative_change = current / baseline - 1;
  double change = tested.check.relative_change.value_or(0);
  tested.beyond_tolerance =
      direction == Direction::higher_is_worse ? change > tolerance : change < -tolerance;
}

TestedMetric start(const EndpointData& data, const MetricSpec& spec, const MethodContext& context) {
  TestedMetric tested;
  tested.check.kind = CheckKind::regression;
  tested.check.endpoint = data.name;
  tested.check.metric = spec.name;
  tested.subject = subject_of(spec, data.name);
  tested.unit = spec.kind == MetricKind::rps          ? "/s"
                : spec.kind == MetricKind::error_rate ? "%"
                                                      : "ms";
  tested.check.tolerance = context.options->tolerances.for_check(data.name, spec.name);
  return tested;
}

TestedMetric no_data(TestedMetric tested, std::string why) {
  tested.check.status = Status::no_data;
  tested.check.explanation = fmt::format("{}: {}", tested.subject, why);
  tested.raw_p.reset();
  return tested;
}

double level_for(const MethodContext& context) {
  return 1 - context.options->alpha / std::max(1, context.test_count);
}

}  // namespace

std::string subject_of(const MetricSpec& spec, const std::string& endpoint) {
  return endpoint.empty() ? fmt::format("{} (total)", spec.label)
                          : fmt::format("{} of {}", spec.label, endpoint);
}

std::string format_value(double value, const std::string& unit) {
  if (unit == "%") return fmt::format("{:.3g}%", value * 100);
  if (unit == "/s") return fmt::format("{:.4g}/s", value);
  return fmt::format("{:.4g} {}", value, unit);
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

TestedMetric history_test(const EndpointData& data, const MetricSpec& spec,
                          const MethodContext& context) {
  TestedMetric tested = start(data, spec, context);
  if (data.current == nullptr || data.current->requests == 0) {
    return no_data(std::move(tested), "no requests in this run");
  }
  std::vector<double> history;
  for (const EndpointRunSummary* summary : data.history) {
    double value = summary_value(*summary, spec.kind);
    if (summary->requests > 0 && value > 0) history.push_back(value);
  }
  double current = metric_value(*data.current, spec.kind, seconds_of(*context.current_run));
  auto test = log_prediction_test(history, std::max(current, 1e-9), spec.direction);
  if (!test) return no_data(std::move(tested), "too little history");
  fill_change(tested, test->center, current, *tested.check.tolerance, spec.direction);
  tested.raw_p = test->p_value;
  double level = level_for(context);
  double bound = prediction_bound(*test, spec.direction, level);
  Direction other = spec.direction == Direction::higher_is_worse ? Direction::lower_is_worse
                                                                 : Direction::higher_is_worse;
  double other_bound = prediction_bound(*test, other, level);
  tested.check.interval = Interval{std::min(bound, other_bound), std::max(bound, other_bound)};
  tested.check.method = fmt::format("prediction-interval(log-t, n={})", test->n);
  tested.evidence = fmt::format("the history's prediction interval ({} {} at {:.4g}%, n = {})",
                                spec.direction == Direction::higher_is_worse ? "≤" : "≥",
                                format_value(bound, tested.unit), level * 100, test->n);
  return tested;
}

TestedMetric window_test(const EndpointData& data, const MetricSpec& spec,
                         const MethodContext& context) {
  TestedMetric tested = start(data, spec, context);
  const CompareOptions& options = *context.options;
  if (data.current == nullptr || data.current->requests == 0) {
    return no_data(std::move(tested), "no requests in this run");
  }
  if (data.baseline == nullptr || data.baseline->requests == 0) {
    return no_data(std::move(tested), "no requests in the baseline run");
  }
  size_t usable_current = full_windows(*context.current_run, data.current_windows->size());
  size_t usable_baseline = full_windows(*context.baseline_run, data.baseline_windows->size());
  std::vector<double> current_samples;
  std::vector<double> baseline_samples;
  std::vector<metrics::CompactHistogram> current_blocks;
  std::vector<metrics::CompactHistogram> baseline_blocks;
  int64_t per_block = 0;
  if (spec.kind == MetricKind::rps) {
    double window_s =
        std::chrono::duration<double>(context.current_run->metrics.window_length).count();
    current_samples = window_rates(*data.current_windows, usable_current, window_s);
    baseline_samples = window_rates(*data.baseline_windows, usable_baseline, window_s);
  } else {
    per_block = requests_per_block(spec.percentile, options.tail_samples_per_block);
    current_blocks = latency_blocks(*data.current_windows, usable_current, per_block);
    baseline_blocks = latency_blocks(*data.baseline_windows, usable_baseline, per_block);
    current_samples = block_percentiles_ms(current_blocks, spec.percentile);
    baseline_samples = block_percentiles_ms(baseline_blocks, spec.percentile);
  }
  auto needed = static_cast<size_t>(options.min_blocks);
  if (current_samples.size() < needed || baseline_samples.size() < needed) {
    return no_data(std::move(tested),
                   fmt::format("too little data for the window test: {} and {} {} (needs {} "
                               "per run); run longer or at more load",
                               baseline_samples.size(), current_samples.size(),
                               per_block > 0 ? fmt::format("blocks of ≥ {} requests", per_block)
                                             : std::string("windows"),
                               options.min_blocks));
  }
  double current = metric_value(*data.current, spec.kind, seconds_of(*context.current_run));
  double baseline = metric_value(*data.baseline, spec.kind, seconds_of(*context.baseline_run));
  fill_change(tested, baseline, current, *tested.check.tolerance, spec.direction);
  Alternative alternative =
      spec.direction == Direction::higher_is_worse ? Alternative::greater : Alternative::less;
  MannWhitney ranks = mann_whitney_u(current_samples, baseline_samples, alternative);
  // One baseline run cannot show how much two runs of the same code differ; assume a
  // run-to-run CV so that ordinary drift between jobs is not called a regression.
  double log_ratio = baseline > 0 && current > 0 ? std::log(current / baseline) : 0;
  double signed_log = spec.direction == Direction::higher_is_worse ? log_ratio : -log_ratio;
  double variance = 2 * options.assumed_run_cv * options.assumed_run_cv +
                    relative_se_squared(current_samples) + relative_se_squared(baseline_samples);
  double z = signed_log / std::sqrt(std::max(variance, 1e-12));
  double p_drift = boost::math::cdf(boost::math::complement(boost::math::normal(), z));
  tested.raw_p = std::max(ranks.p_value, p_drift);
  tested.check.method =
      fmt::format("window-mann-whitney({} vs {} {}, {}) + run-cv {:g}%", baseline_samples.size(),
                  current_samples.size(), per_block > 0 ? "blocks" : "windows",
                  ranks.exact ? "exact" : "normal", options.assumed_run_cv * 100);
  std::string interval_text;
  if (spec.kind != MetricKind::rps && options.bootstrap_resamples > 0) {
    auto ratio = bootstrap_percentile_ratio(baseline_blocks, current_blocks, spec.percentile, 0.95,
                                            options.bootstrap_resamples, options.seed);
    if (ratio) {
      tested.check.interval = Interval{baseline * ratio->low, baseline * ratio->high};
      tested.check.method +=
          fmt::format(" + bootstrap({}, seed {})", options.bootstrap_resamples, options.seed);
      interval_text =
          fmt::format("; 95% bootstrap CI of the ratio {:.3f}–{:.3f}", ratio->low, ratio->high);
    }
  }
  tested.evidence = fmt::format(
      "the window test ({} vs {} {}, Mann–Whitney p = {:.2g}) with a {:g}% run-to-run "
      "allowance{}",
      baseline_samples.size(), current_samples.size(), per_block > 0 ? "blocks" : "windows",
      ranks.p_value, options.assumed_run_cv * 100, interval_text);
  return tested;
}

TestedMetric error_rate_test(const EndpointData& data, const MetricSpec& spec,
                             const MethodContext& context, ErrorBaseline against) {
  TestedMetric tested = start(data, spec, context);
  if (data.current == nullptr || data.current->requests == 0) {
    return no_data(std::move(tested), "no requests in this run");
  }
  int64_t base_errors = 0;
  int64_t base_requests = 0;
  if (against == ErrorBaseline::history) {
    for (const EndpointRunSummary* summary : data.history) {
      base_errors += summary->errors;
      base_requests += summary->requests;
    }
  } else if (data.baseline != nullptr) {
    base_errors = data.baseline->errors;
    base_requests = data.baseline->requests;
  }
  if (base_requests == 0) return no_data(std::move(tested), "no requests in the baseline");
  double baseline = static_cast<double>(base_errors) / static_cast<double>(base_requests);
  double current =
      static_cast<double>(data.current->errors) / static_cast<double>(data.current->requests);
  fill_change(tested, baseline, current, *tested.check.tolerance, spec.direction);
  if (baseline == 0) tested.beyond_tolerance = current > 0;  // from none to some
  tested.beyond_tolerance =
      tested.beyond_tolerance && current - baseline > context.options->min_error_rate_increase;
  tested.raw_p = fisher_exact_greater(data.current->errors, data.current->requests, base_errors,
                                      base_requests);
  tested.check.method = "fisher-exact(one-sided)";
  tested.evidence =
      fmt::format("Fisher's exact test on {} errors in {} requests vs {} in {}{}",
                  data.current->errors, data.current->requests, base_errors, base_requests,
                  against == ErrorBaseline::history ? " (pooled history)" : "");
  return tested;
}

}  // namespace perfgate::stats::detail
