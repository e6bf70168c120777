// SPDX-License-Identifier: MIT
// Worker: one thread's share of the load — its VUs (closed model) or its iteration slots and
// arrivals (open model) — driven by its own Transport (libcurl or the native client). Workers share
// only the read-only RunPlan and the RunControl; they count into their own WorkerMetrics, merged
// after join.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "perfgate/engine/arrival_schedule.h"
#include "perfgate/engine/live_board.h"
#include "perfgate/engine/run_plan.h"
#include "perfgate/engine/shard.h"
#include "perfgate/engine/transport.h"
#include "perfgate/engine/vu_variables.h"
#include "perfgate/engine/worker_metrics.h"
#include "perfgate/metrics/histogram.h"

namespace perfgate::engine {

// What the coordinator and the workers share. Times are steady-clock nanoseconds.
struct RunControl {
  Nanos start{0};                  // the run's time 0
  Nanos measure_start{0};          // start + warm-up: samples before it are discarded
  Nanos end{0};                    // start + the profile's duration: no new iteration after it
  Nanos graceful_stop{0};          // how long in-flight work may go on after the end
  std::atomic<bool> stop{false};   // end now, gracefully (signal, abort check)
  std::atomic<bool> hurry{false};  // cut the graceful stop short (a second signal)
  LiveBoard board;
};

// What a worker hands back after its thread ends.
struct WorkerOutput {
  metrics::RunMetrics metrics;
  metrics::Histogram loop_lag_us;  // how late timed events (arrivals, think ends) ran
  int64_t abandoned = 0;           // requests still in flight when the grace period ran out
  int64_t cpu_us = 0;              // the worker thread's CPU time
  int64_t wall_us = 0;             // and its wall time
  Status status = ok_status();     // a runtime failure of the worker itself
};

class Worker {
 public:
  Worker(const RunPlan& plan, RunControl& control, int index);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // The thread body: runs until the profile is over and in-flight work is done (or the grace
  // period ran out).
  void run();
  WorkerOutput take_output() { return std::move(m_output); }

 private:
  enum class Phase { idle, requesting, thinking };
  struct Vu;
  struct Pending {  // an open-model arrival waiting for a free slot
    Nanos scheduled;
    int journey;
  };

  Vu& vu_at(size_t local);
  void tick(Nanos now);
  Nanos next_deadline(Nanos now) const;
  void begin_stop(Nanos now);
  void adjust_vus(Nanos now);
  void issue_arrivals(Nanos now);
  void expire_backlog(Nanos now);
  void fire_timers(Nanos now);
  void start_iteration(Vu& vu, Nanos now, Nanos scheduled);
  void start_request(Vu& vu, Nanos now);
  void drain_finished();
  void on_done(Vu& vu);
  void refuse_request(Vu& vu, Nanos now);
  void after_request(Vu& vu, Nanos now, Nanos min_pause = Nanos(0));
  void continue_vu(Vu& vu, Nanos now);
  void end_iteration(Vu& vu, Nanos now);
  void release_slot(Vu& vu, Nanos now);
  void abandon_in_flight(Nanos now);
  bool may_start_request() const { return m_requests_started < m_request_quota; }
  int64_t window_of(Nanos time) const;
  void note_active(Nanos now);

  const RunPlan& m_plan;
  RunControl& m_control;
  const int m_index;
  const int m_threads;
  const Lane m_lane;  // this worker's lane of the whole run (all shards' workers)
  const bool m_open;
  std::unique_ptr<Transport> m_transport;
  WorkerMetrics m_metrics;
  WorkerOutput m_output;
  std::mt19937_64 m_rng;
  std::vector<std::unique_ptr<Vu>> m_vus;              // local k: closed VU lane + k·lanes
  std::vector<std::pair<Nanos, size_t>> m_timers;      // min-heap of (due, local VU index)
  std::vector<std::optional<std::string>> m_captured;  // reused by every response
  int64_t m_wanted = 0;                                // closed: VUs the ramp wants running here
  int64_t m_busy = 0;                                  // VUs inside an iteration
  int64_t m_in_flight = 0;
  int64_t m_requests_started = 0;
  int64_t m_request_quota = INT64_MAX;
  uint64_t m_data_sequence = 0;
  bool m_stopping = false;
  Nanos m_grace_deadline = Nanos::max();
  // Open model.
  std::optional<ArrivalSchedule> m_schedule;
  int64_t m_next_arrival = 0;  // global arrival index (this worker's: ≡ lane, all shards')
  Nanos m_next_arrival_at = Nanos::max();
  std::optional<WeightedPicker> m_picker;
  std::vector<size_t> m_free_slots;
  size_t m_slot_cap = 0;
  std::deque<Pending> m_backlog;
};

}  // namespace perfgate::engine
