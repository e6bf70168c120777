// SPDX-License-Identifier: MIT
// WindowRelay: assembles the windows the workers publish into whole-run windows and hands each,
// in index order, to RunOptions::on_window once every worker has closed it (live metrics).
// Runs on the coordinating thread only, once per window: never on a worker's hot path.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <vector>

#include "perfgate/engine/live_board.h"
#include "perfgate/engine/load_engine.h"
#include "perfgate/engine/run_plan.h"

namespace perfgate::engine {

// The 1-based stage of `profile` that is running `elapsed` after the run's start (the last stage
// after the end).
int stage_at(const scenario::Profile& profile, std::chrono::microseconds elapsed);

class WindowRelay {
 public:
  // `meta` (scenario, profile, start_time, warmup) must outlive the relay.
  WindowRelay(const RunPlan& plan, const results::RunMetadata& meta, WindowCallback callback);

  // Takes one worker's report (reports of one worker arrive in index order) and hands over
  // every window that all workers have now closed.
  void add(const WindowReport& report);
  // The workers are done: hands over every window still held.
  void finish();

 private:
  struct Pending {
    std::vector<metrics::EndpointMetrics> endpoints;
    metrics::LoadWindow load;
  };
  void hand_over_through(int64_t last);

  const RunPlan& m_plan;
  const results::RunMetadata& m_meta;
  WindowCallback m_callback;
  std::map<int64_t, Pending> m_pending;
  std::vector<int64_t> m_closed_by_worker;  // the last window each worker closed (-1: none)
  int64_t m_next = 0;                       // the next window to hand over
};

}  // namespace perfgate::engine
