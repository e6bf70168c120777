// SPDX-License-Identifier: MIT
#include "perfgate/engine/live_run.h"

#include <algorithm>
#include <numeric>

#include "perfgate/util/clock.h"

namespace perfgate::engine {
namespace {

using std::chrono::duration_cast;
using std::chrono::microseconds;

}  // namespace

LiveRun::LiveRun(const RunPlan& plan, RunControl& control, const RunOptions& options,
                 const results::RunMetadata& meta)
    : m_plan(plan),
      m_control(control),
      m_options(options),
      m_progress(options.progress),
      m_active_by_worker(static_cast<size_t>(plan.threads), 0) {
  m_partial.meta.profile = plan.profile.name;
  m_partial.meta.model = plan.profile.model == scenario::LoadModel::closed ? "closed" : "open";
  m_partial.meta.target = plan.target;
  for (const std::string& name : plan.endpoints) m_partial.metrics.get_or_add(name);
  m_last_abort_check = control.start;
  if (options.on_window) m_relay.emplace(plan, meta, options.on_window);
}

void LiveRun::absorb(WindowReport& report) {
  metrics::RunMetrics& metrics = m_partial.metrics;
  size_t index = static_cast<size_t>(report.index);
  for (size_t e = 0; e < report.endpoints.size() && e < metrics.endpoints.size(); ++e) {
    metrics::EndpointSeries& series = metrics.endpoints[e];
    const metrics::EndpointMetrics& window = report.endpoints[e];
    if (series.windows.size() <= index) series.windows.resize(index + 1);
    metrics::EndpointWindow summary;
    summary.requests = window.requests;
    summary.errors = window.errors;
    summary.latency = metrics::CompactHistogram::from(window.latency);
    series.windows[index].merge(summary);
    series.totals.merge(window);
  }
  if (metrics.load.size() <= index) metrics.load.resize(index + 1);
  metrics.load[index].merge(report.load);
  metrics.dropped_iterations += report.load.dropped_iterations;
  m_active_by_worker[static_cast<size_t>(report.worker)] = report.active_vus;
}

void LiveRun::drain_board() {
  for (WindowReport& report : m_control.board.take()) {
    absorb(report);
    if (m_relay) m_relay->add(report);
  }
}

void LiveRun::stop(std::string reason) {
  if (m_reason.empty()) m_reason = std::move(reason);
  m_control.stop.store(true);
}

void LiveRun::watch() {
  drain_board();
  Nanos now = util::steady_clock().now();
  if (m_options.stop_flag != nullptr && m_options.stop_flag->load()) stop("interrupted");
  if (m_options.hurry_flag != nullptr && m_options.hurry_flag->load()) {
    stop("interrupted");
    m_control.hurry.store(true);
  }
  if (m_options.abort_check && now - m_last_abort_check >= std::chrono::seconds(1) &&
      now >= m_control.measure_start && m_reason.empty()) {
    m_last_abort_check = now;
    m_partial.meta.duration = duration_cast<microseconds>(now - m_control.measure_start);
    if (auto reason = m_options.abort_check(m_partial)) stop(*reason);
  }
  m_progress.update(std::chrono::steady_clock::now(), progress_line(now));
}

void LiveRun::finish() {
  drain_board();
  if (m_relay) m_relay->finish();
  m_progress.finish();
}

ProgressLine LiveRun::progress_line(Nanos now) const {
  ProgressLine line;
  auto elapsed = duration_cast<microseconds>(now - m_control.start);
  line.total = m_plan.profile.duration();
  line.elapsed = std::min(elapsed, line.total);
  line.stages = static_cast<int>(m_plan.profile.stages.size());
  line.stage = stage_at(m_plan.profile, elapsed);
  line.active_vus =
      std::accumulate(m_active_by_worker.begin(), m_active_by_worker.end(), int64_t{0});
  const metrics::RunMetrics& metrics = m_partial.metrics;
  // The last window every worker has closed is the one before the current second.
  int64_t current = (now - m_control.measure_start).count() / 1'000'000'000;
  if (current >= 1) {
    size_t last = static_cast<size_t>(current - 1);
    metrics::Histogram latency;
    int64_t requests = 0;
    for (const auto& series : metrics.endpoints) {
      if (series.windows.size() <= last) continue;
      requests += series.windows[last].requests;
      series.windows[last].latency.add_to(latency);
    }
    line.rps = static_cast<double>(requests);
    line.p95_ms = static_cast<double>(latency.value_at_percentile(95)) / 1000.0;
  }
  int64_t requests = 0;
  int64_t errors = 0;
  for (const auto& series : metrics.endpoints) {
    requests += series.totals.requests;
    errors += series.totals.errors;
  }
  line.error_rate = requests > 0 ? static_cast<double>(errors) / static_cast<double>(requests) : 0;
  line.dropped = metrics.dropped_iterations;
  return line;
}

}  // namespace perfgate::engine
