// SPDX-License-Identifier: MIT
#include "perfgate/live/publisher.h"

#include <fmt/format.h>

#include <algorithm>

namespace perfgate::live {

Publisher::Publisher(const std::vector<SinkTarget>& targets, PublisherOptions options,
                     const ClientFactory& make_client)
    : m_options(options) {
  // A hanging request must not hold the end of the run longer than the flush bound.
  m_options.sink.request_timeout = std::min(m_options.sink.request_timeout, options.flush_timeout);
  for (const SinkTarget& target : targets)
    m_sinks.push_back(std::make_unique<Sink>(target, m_options.sink, make_client()));
}

void Publisher::push_all(const std::vector<Point>& points, Entry entry) {
  for (auto& sink : m_sinks) sink->push(points, entry);
}

void Publisher::publish(const engine::ClosedWindow& window) {
  const results::RunMetadata& meta = *window.meta;
  if (!m_tags) m_tags = run_tags(meta);
  WindowInput input;
  input.time = window_time(meta, window.index);
  input.names = *window.endpoint_names;
  input.endpoints = window.endpoints;
  input.load = window.load;
  input.stage = window.stage;
  std::vector<Point> points = window_points(*m_tags, input);
  if (window.index == 0) {
    points.push_back(event_point(*m_tags, input.time, "start",
                                 fmt::format("{} {} started", meta.scenario, meta.profile)));
  }
  if (window.stage != m_stage && m_stage != 0) {
    points.push_back(
        event_point(*m_tags, input.time, "stage", fmt::format("stage {}", window.stage)));
  }
  m_stage = window.stage;
  push_all(points, Entry::window);
}

std::vector<SinkReport> Publisher::finish(const results::RunResult& result) {
  if (m_tags) {
    auto end = window_time(result.meta, 0) +
               std::chrono::duration_cast<std::chrono::milliseconds>(result.meta.duration);
    std::string text = result.meta.interrupted
                           ? fmt::format("ended early: {}", result.meta.interrupt_reason)
                           : std::string("ended");
    push_all({event_point(*m_tags, end, "end", std::move(text))}, Entry::extra);
  }
  return close_sinks(m_sinks, std::chrono::steady_clock::now() + m_options.flush_timeout);
}

std::vector<SinkReport> close_sinks(std::vector<std::unique_ptr<Sink>>& sinks,
                                    std::chrono::steady_clock::time_point deadline) {
  for (auto& sink : sinks) sink->close(deadline);
  std::vector<SinkReport> reports;
  for (auto& sink : sinks) reports.push_back(sink->join());
  return reports;
}

std::vector<std::string> drop_warnings(const std::vector<SinkReport>& reports) {
  std::vector<std::string> warnings;
  for (const SinkReport& report : reports) {
    if (report.windows_dropped == 0) continue;
    std::string reason = report.last_error.empty() ? "" : ": " + report.last_error;
    warnings.push_back(fmt::format(
        "metrics sink {}: {} of {} windows ({} points) not delivered (sink too slow or down{})",
        report.display, report.windows_dropped, report.windows_dropped + report.windows_sent,
        report.points_dropped, reason.empty() ? "" : reason));
  }
  return warnings;
}

}  // namespace perfgate::live
