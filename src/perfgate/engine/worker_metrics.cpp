// SPDX-License-Identifier: MIT
#include "perfgate/engine/worker_metrics.h"

#include <algorithm>

namespace perfgate::engine {

WorkerMetrics::WorkerMetrics(size_t endpoint_count, std::chrono::microseconds window_length,
                             LiveBoard* board, int worker)
    : m_window_length(window_length),
      m_board(board),
      m_worker(worker),
      m_current(endpoint_count),
      m_totals(endpoint_count),
      m_windows(endpoint_count) {}

void WorkerMetrics::set_check_names(std::vector<std::vector<std::string>> names) {
  m_check_names = std::move(names);
  for (size_t e = 0; e < m_current.size() && e < m_check_names.size(); ++e) {
    m_current[e].check_tallies.assign(m_check_names[e].size(), {0, 0});
  }
}

void WorkerMetrics::record(int64_t window, const RequestSample& sample) {
  if (window > m_window) roll_to(window);
  Current& current = m_current[static_cast<size_t>(sample.endpoint)];
  metrics::EndpointMetrics& m = current.metrics;
  ++m.requests;
  if (sample.error) m.count_error(*sample.error);
  size_t status = static_cast<size_t>(sample.status);
  if (status < k_status_slots) {
    ++current.status[status];
  } else {
    ++m.status_counts[sample.status];  // rare: codes above 599
  }
  m.bytes_sent += sample.bytes_sent;
  m.bytes_received += sample.bytes_received;
  if (sample.checked == RequestSample::Checked::passed) ++m.checks_passed;
  if (sample.checked == RequestSample::Checked::failed) ++m.checks_failed;
  if (sample.check_slots != nullptr) {
    const std::vector<uint8_t>& slots = *sample.check_slots;
    for (size_t i = 0; i < slots.size(); ++i) {
      size_t slot = slots[i];
      if (slot >= current.check_tallies.size()) continue;  // no names set: not tallied
      bool failed = i < 64 && ((sample.failed_checks >> i) & 1) != 0;
      ++current.check_tallies[slot][failed ? 1 : 0];
    }
  }
  if (sample.phases != nullptr && sample.phases->samples > 0) m.phases.merge(*sample.phases);
  if (!m.latency.record(std::max<int64_t>(0, sample.latency_us))) ++m.dropped_samples;
  m.latency_uncorrected.record(std::max<int64_t>(0, sample.uncorrected_us));
}

void WorkerMetrics::iteration_started(int64_t window) {
  if (window > m_window) roll_to(window);
  ++m_load.iterations_started;
}

void WorkerMetrics::iteration_dropped(int64_t window) {
  ++m_dropped;
  if (window < 0) return;  // during the warm-up
  if (window > m_window) roll_to(window);
  ++m_load.dropped_iterations;
}

void WorkerMetrics::active_vus(int64_t window, int64_t active) {
  if (window > m_window) roll_to(window);
  m_active = active;
  m_load.active_vus_max = std::max(m_load.active_vus_max, active);
}

void WorkerMetrics::close_current() {
  WindowReport report;
  report.worker = m_worker;
  report.index = m_window;
  report.load = m_load;
  report.active_vus = m_active;
  for (size_t e = 0; e < m_current.size(); ++e) {
    Current& current = m_current[e];
    for (size_t status = 0; status < k_status_slots; ++status) {
      if (current.status[status] != 0)
        current.metrics.status_counts[static_cast<int>(status)] += current.status[status];
    }
    current.status.fill(0);
    for (size_t slot = 0; slot < current.check_tallies.size(); ++slot) {
      auto& [passed, failed] = current.check_tallies[slot];
      if (passed + failed == 0) continue;
      current.metrics.named_checks.push_back({m_check_names[e][slot], passed, failed});
      passed = failed = 0;
    }
    metrics::EndpointWindow window;
    window.requests = current.metrics.requests;
    window.errors = current.metrics.errors;
    window.latency = metrics::CompactHistogram::from(current.metrics.latency);
    if (m_windows[e].size() <= static_cast<size_t>(m_window))
      m_windows[e].resize(static_cast<size_t>(m_window) + 1);
    m_windows[e][static_cast<size_t>(m_window)] = std::move(window);
    m_totals[e].merge(current.metrics);
    if (m_board != nullptr) report.endpoints.push_back(std::move(current.metrics));
    current.metrics = metrics::EndpointMetrics{};
  }
  if (m_load_windows.size() <= static_cast<size_t>(m_window))
    m_load_windows.resize(static_cast<size_t>(m_window) + 1);
  m_load_windows[static_cast<size_t>(m_window)] = m_load;
  m_load = metrics::LoadWindow{};
  m_load.active_vus_max = m_active;
  if (m_board != nullptr) m_board->publish(std::move(report));
}

void WorkerMetrics::roll_to(int64_t window) {
  if (window <= m_window) return;
  close_current();
  m_window = window;
}

metrics::RunMetrics WorkerMetrics::finish(const std::vector<std::string>& endpoint_names) {
  close_current();
  metrics::RunMetrics run;
  run.window_length = m_window_length;
  for (size_t e = 0; e < endpoint_names.size(); ++e) {
    metrics::EndpointSeries series;
    series.name = endpoint_names[e];
    series.totals = std::move(m_totals[e]);
    series.windows = std::move(m_windows[e]);
    series.windows.resize(m_load_windows.size());
    run.endpoints.push_back(std::move(series));
  }
  run.load = std::move(m_load_windows);
  run.iterations = m_iterations;
  run.dropped_iterations = m_dropped;
  return run;
}

}  // namespace perfgate::engine
