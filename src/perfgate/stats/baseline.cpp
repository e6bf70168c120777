// SPDX-License-Identifier: MIT
#include "perfgate/stats/baseline.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <vector>

#include "perfgate/results/time_format.h"
#include "perfgate/stats/compare.h"
#include "perfgate/stats/noise_model.h"
#include "perfgate/stats/run_quality.h"
#include "perfgate/stats/window_blocks.h"

namespace perfgate::stats {
namespace {

// A per-window p95 needs at least 20 requests to be more than the window's maximum.
constexpr int64_t k_min_requests_for_window_p95 = 20;

double median_of(std::vector<double> values) {
  if (values.empty()) return 0;
  size_t middle = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle),
                   values.end());
  double upper = values[middle];
  if (values.size() % 2 == 1) return upper;
  double lower =
      *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle));
  return (lower + upper) / 2;
}

WindowSpread spread_of(const std::vector<double>& values) {
  WindowSpread spread;
  spread.windows = static_cast<int>(values.size());
  if (values.empty()) return spread;
  spread.median = median_of(values);
  std::vector<double> deviations;
  deviations.reserve(values.size());
  for (double value : values) deviations.push_back(std::fabs(value - spread.median));
  spread.mad = median_of(std::move(deviations));
  return spread;
}

// The lower quartile of the run's block percentiles, blocks cut as the comparison cuts them;
// 0 with too few blocks.
double quick_blocks_ms(const std::vector<metrics::EndpointWindow>& windows, size_t usable,
                       double percentile) {
  const CompareOptions defaults;
  std::vector<double> blocks = latency_block_percentiles_ms(
      windows, usable, percentile, defaults.tail_samples_per_block, defaults.max_blocks);
  std::optional<BlockQuartile> quartile = lower_quartile_of_blocks(blocks);
  if (!quartile) return 0;
  return std::round(std::exp(quartile->log_value) * 1000) / 1000;  // a block's percentile: whole µs
}

// `windows` are the run's whole windows and any partial last one; `duration` is what `totals`
// cover.
EndpointRunSummary summarize_endpoint(const std::string& name,
                                      const metrics::EndpointMetrics& totals,
                                      const std::vector<metrics::EndpointWindow>& windows,
                                      const results::RunResult& run,
                                      std::chrono::microseconds duration) {
  results::EndpointSummary summary = results::summarize(totals, duration);
  EndpointRunSummary out;
  out.name = name;
  out.requests = summary.requests;
  out.errors = summary.errors;
  out.error_rate = summary.error_rate;
  out.rps = summary.rps;
  out.mean_ms = summary.mean_ms;
  out.p50_ms = summary.p50_ms;
  out.p90_ms = summary.p90_ms;
  out.p95_ms = summary.p95_ms;
  out.p99_ms = summary.p99_ms;
  double window_s = std::chrono::duration<double>(run.metrics.window_length).count();
  std::vector<double> p95s;
  std::vector<double> rates;
  size_t usable = results::whole_windows(run, windows.size());
  for (size_t i = 0; i < usable; ++i) {
    const metrics::EndpointWindow& window = windows[i];
    if (window_s > 0) rates.push_back(static_cast<double>(window.requests) / window_s);
    if (window.latency.total_count() >= k_min_requests_for_window_p95) {
      p95s.push_back(static_cast<double>(window.latency.expand().value_at_percentile(95)) / 1000.0);
    }
  }
  out.window_p95_ms = spread_of(p95s);
  out.window_rps = spread_of(rates);
  out.quick_p50_ms = quick_blocks_ms(windows, usable, 50);
  return out;
}

// The windows in which the run's total throughput held, when it fell below half the median in
// some of them (at most a third) and rose above twice it in none; nothing otherwise. A run that
// rose in some windows was mostly slow (its normal seconds are the swung ones), and one that
// fell in most has no steady part to speak of.
std::optional<std::vector<size_t>> steady_windows(const WindowSwings& swings) {
  if (swings.swung.empty() || swings.rose > 0 || swings.swung.size() * 3 > swings.windows) {
    return std::nullopt;
  }
  std::vector<size_t> steady;
  for (size_t i = 0; i < swings.windows; ++i) {
    if (!std::binary_search(swings.swung.begin(), swings.swung.end(), i)) steady.push_back(i);
  }
  return steady;
}

// The endpoint over the chosen windows; a window the endpoint has no entry for (an imported run
// lists an endpoint's windows up to its last request) counts as empty.
EndpointRunSummary summarize_windows(const std::string& name,
                                     const std::vector<metrics::EndpointWindow>& windows,
                                     const std::vector<size_t>& chosen,
                                     const results::RunResult& run) {
  metrics::EndpointWindow sum;
  std::vector<metrics::EndpointWindow> kept;
  for (size_t i : chosen) {
    kept.push_back(i < windows.size() ? windows[i] : metrics::EndpointWindow{});
    sum.merge(kept.back());
  }
  metrics::EndpointMetrics totals;
  totals.requests = sum.requests;
  totals.errors = std::min(sum.errors, sum.requests);  // a hand-edited window cannot break the file
  totals.latency = sum.latency.expand();
  auto duration = std::chrono::duration_cast<std::chrono::microseconds>(
      run.metrics.window_length * static_cast<int64_t>(kept.size()));
  return summarize_endpoint(name, totals, kept, run, duration);
}

}  // namespace

const EndpointRunSummary* RunSummary::find(const std::string& endpoint) const {
  if (endpoint.empty()) return &total;
  for (const EndpointRunSummary& summary : endpoints) {
    if (summary.name == endpoint) return &summary;
  }
  return nullptr;
}

RunSummary summarize_run(const results::RunResult& run) {
  RunSummary summary;
  summary.scenario = run.meta.scenario;
  summary.profile = run.meta.profile;
  summary.model = run.meta.model;
  summary.git_sha = run.meta.git_sha;
  summary.time = results::format_rfc3339(run.meta.start_time);
  summary.duration_s = std::chrono::duration<double>(run.meta.duration).count();
  std::vector<metrics::EndpointWindow> total_windows = run.metrics.total_windows();
  summary.total =
      summarize_endpoint("", run.metrics.total(), total_windows, run, run.meta.duration);
  for (const metrics::EndpointSeries& series : run.metrics.endpoints) {
    summary.endpoints.push_back(
        summarize_endpoint(series.name, series.totals, series.windows, run, run.meta.duration));
  }
  WindowSwings swings = find_swings(run, nullptr);
  summary.swings.windows = static_cast<int>(swings.windows);
  summary.swings.swung = static_cast<int>(swings.swung.size());
  if (std::optional<std::vector<size_t>> steady = steady_windows(swings)) {
    SteadyRunSummary& out = summary.steady.emplace();
    out.windows = static_cast<int>(steady->size());
    out.total = summarize_windows("", total_windows, *steady, run);
    for (const metrics::EndpointSeries& series : run.metrics.endpoints) {
      out.endpoints.push_back(summarize_windows(series.name, series.windows, *steady, run));
    }
  }
  return summary;
}

Result<Baseline> update_baseline(std::optional<Baseline> baseline, const results::RunResult& run,
                                 int keep) {
  if (keep < 1) return Error::bad_input(fmt::format("--keep must be at least 1, not {}", keep));
  if (!baseline) {
    Baseline fresh;
    fresh.latest = run;
    fresh.history.push_back(summarize_run(run));
    fresh.keep = keep;
    return fresh;
  }
  const results::RunMetadata& base = baseline->latest.meta;
  if (base.scenario != run.meta.scenario || base.profile != run.meta.profile) {
    return Error::at(SourceLocation{}, base.scenario != run.meta.scenario ? "scenario" : "profile",
                     fmt::format("the run is scenario '{}', profile '{}' but the baseline holds "
                                 "scenario '{}', profile '{}': keep one baseline per scenario and "
                                 "profile",
                                 run.meta.scenario, run.meta.profile, base.scenario, base.profile));
  }
  baseline->latest = run;
  baseline->keep = keep;
  baseline->history.push_back(summarize_run(run));
  if (baseline->history.size() > static_cast<size_t>(keep)) {
    baseline->history.erase(baseline->history.begin(), baseline->history.end() - keep);
  }
  return std::move(*baseline);
}

}  // namespace perfgate::stats
