// SPDX-License-Identifier: MIT
#include "perfgate/engine/window_relay.h"

#include <algorithm>

namespace perfgate::engine {

int stage_at(const scenario::Profile& profile, std::chrono::microseconds elapsed) {
  for (size_t i = 0; i < profile.stages.size(); ++i) {
    if (elapsed < profile.stages[i].duration) return static_cast<int>(i) + 1;
    elapsed -= profile.stages[i].duration;
  }
  return static_cast<int>(profile.stages.size());
}

WindowRelay::WindowRelay(const RunPlan& plan, const results::RunMetadata& meta,
                         WindowCallback callback)
    : m_plan(plan),
      m_meta(meta),
      m_callback(std::move(callback)),
      m_closed_by_worker(static_cast<size_t>(plan.threads), -1) {}

void WindowRelay::add(const WindowReport& report) {
  if (report.index < m_next) return;  // cannot happen: workers publish in order
  Pending& pending = m_pending[report.index];
  pending.endpoints.resize(m_plan.endpoints.size());
  for (size_t e = 0; e < report.endpoints.size() && e < pending.endpoints.size(); ++e)
    pending.endpoints[e].merge(report.endpoints[e]);
  pending.load.merge(report.load);
  int64_t& closed = m_closed_by_worker[static_cast<size_t>(report.worker)];
  closed = std::max(closed, report.index);
  // A worker that closed window i is done with every window up to i (it skips idle ones).
  hand_over_through(*std::min_element(m_closed_by_worker.begin(), m_closed_by_worker.end()));
}

void WindowRelay::finish() {
  if (!m_pending.empty()) hand_over_through(m_pending.rbegin()->first);
}

void WindowRelay::hand_over_through(int64_t last) {
  for (; m_next <= last; ++m_next) {
    ClosedWindow window;
    window.meta = &m_meta;
    window.endpoint_names = &m_plan.endpoints;
    window.index = m_next;
    window.stage = stage_at(m_plan.profile, m_plan.profile.warmup + std::chrono::seconds(m_next));
    auto found = m_pending.find(m_next);
    if (found != m_pending.end()) {
      window.endpoints = std::move(found->second.endpoints);
      window.load = found->second.load;
      m_pending.erase(found);
    }
    window.endpoints.resize(m_plan.endpoints.size());  // a window nobody counted in is empty
    m_callback(window);
  }
}

}  // namespace perfgate::engine
