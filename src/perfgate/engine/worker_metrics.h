// SPDX-License-Identifier: MIT
// WorkerMetrics: what one worker thread measures, kept per endpoint for the current 1-second
// window in dense form (O(1) record, no allocation, no map) and folded into the run's totals and
// compact per-window histograms when the window rolls. Not thread-safe: one per worker.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "perfgate/engine/live_board.h"
#include "perfgate/metrics/endpoint_metrics.h"
#include "perfgate/metrics/run_metrics.h"

namespace perfgate::engine {

// One finished request, as the worker classified it.
struct RequestSample {
  int endpoint = 0;
  int status = 0;
  std::optional<metrics::ErrorKind> error;
  int64_t latency_us = 0;      // gating latency (open model: from the scheduled start)
  int64_t uncorrected_us = 0;  // from the actual start
  int64_t bytes_sent = 0;
  int64_t bytes_received = 0;
  const metrics::PhaseTotals* phases = nullptr;
  enum class Checked { no, passed, failed } checked = Checked::no;
  // Named checks: bit i of failed_checks is check i of the step, tallied in check_slots[i].
  const std::vector<uint8_t>* check_slots = nullptr;
  uint64_t failed_checks = 0;
};

class WorkerMetrics {
 public:
  // `board` (may be null) receives a copy of every closed window.
  WorkerMetrics(size_t endpoint_count, std::chrono::microseconds window_length, LiveBoard* board,
                int worker);

  // The names of each endpoint's check slots (RunPlan::check_names), for the named tallies.
  void set_check_names(std::vector<std::vector<std::string>> names);
  // Counts a request into the window `window` (>= the current one; earlier ones roll first).
  void record(int64_t window, const RequestSample& sample);
  // The load side of the current window.
  void iteration_started(int64_t window);
  void iteration_dropped(int64_t window);
  void iteration_completed() { ++m_iterations; }
  void active_vus(int64_t window, int64_t active);

  // Closes every window before `window`: folds it into the totals, keeps its compact form and
  // publishes a copy to the board.
  void roll_to(int64_t window);
  // Closes the current window and returns everything (the worker is done).
  metrics::RunMetrics finish(const std::vector<std::string>& endpoint_names);

 private:
  static constexpr size_t k_status_slots = 600;  // 0..599 dense; others in the map
  struct Current {
    metrics::EndpointMetrics metrics;
    std::array<int64_t, k_status_slots> status{};
    std::vector<std::array<int64_t, 2>> check_tallies;  // per slot: passed, failed
  };
  void close_current();

  std::chrono::microseconds m_window_length;
  LiveBoard* m_board;
  int m_worker;
  int64_t m_window = 0;
  std::vector<Current> m_current;
  std::vector<std::vector<std::string>> m_check_names;
  std::vector<metrics::EndpointMetrics> m_totals;
  std::vector<std::vector<metrics::EndpointWindow>> m_windows;
  metrics::LoadWindow m_load;
  std::vector<metrics::LoadWindow> m_load_windows;
  int64_t m_active = 0;
  int64_t m_iterations = 0;
  int64_t m_dropped = 0;
};

}  // namespace perfgate::engine
