// SPDX-License-Identifier: MIT
// LiveRun: the coordinator's view of a run in progress. It folds the windows the workers publish
// into partial results, shows progress, and ends the run early when the stop flag is set or the
// abort check (abort_on_fail thresholds) says so. Runs on the coordinating thread only.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "perfgate/engine/load_engine.h"
#include "perfgate/engine/progress.h"
#include "perfgate/engine/run_plan.h"
#include "perfgate/engine/window_relay.h"
#include "perfgate/engine/worker.h"
#include "perfgate/results/run_result.h"

namespace perfgate::engine {

class LiveRun {
 public:
  // `meta` (the run's metadata so far) must outlive the LiveRun.
  LiveRun(const RunPlan& plan, RunControl& control, const RunOptions& options,
          const results::RunMetadata& meta);
  // Called every ~100 ms while the workers run.
  void watch();
  // After the workers' join: takes their last windows and ends the progress line.
  void finish();
  bool interrupted() const { return !m_reason.empty(); }
  const std::string& interrupt_reason() const { return m_reason; }

 private:
  void drain_board();
  void absorb(WindowReport& report);
  void stop(std::string reason);
  ProgressLine progress_line(Nanos now) const;

  const RunPlan& m_plan;
  RunControl& m_control;
  const RunOptions& m_options;
  ProgressPrinter m_progress;
  results::RunResult m_partial;
  std::vector<int64_t> m_active_by_worker;
  Nanos m_last_abort_check{0};
  std::string m_reason;
  std::optional<WindowRelay> m_relay;  // with RunOptions::on_window
};

}  // namespace perfgate::engine
