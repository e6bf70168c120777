// SPDX-License-Identifier: MIT
// LiveBoard: where workers hand each finished 1-second window to the coordinating thread (for
// live progress and abort checks). Touched once per window per worker, never per request.
#pragma once

#include <cstdint>
#include <mutex>
#include <utility>
#include <vector>

#include "perfgate/metrics/endpoint_metrics.h"
#include "perfgate/metrics/run_metrics.h"

namespace perfgate::engine {

// One worker's counts for one window.
struct WindowReport {
  int worker = 0;
  int64_t index = 0;                                // window number from the measured start
  std::vector<metrics::EndpointMetrics> endpoints;  // in RunPlan::endpoints order
  metrics::LoadWindow load;
  int64_t active_vus = 0;  // at the end of the window
};

// Thread-safe.
class LiveBoard {
 public:
  void publish(WindowReport report) {
    std::lock_guard lock(m_mutex);
    m_reports.push_back(std::move(report));
  }
  std::vector<WindowReport> take() {
    std::lock_guard lock(m_mutex);
    return std::exchange(m_reports, {});
  }

 private:
  std::mutex m_mutex;
  std::vector<WindowReport> m_reports;
};

}  // namespace perfgate::engine
