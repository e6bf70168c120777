// SPDX-License-Identifier: MIT
// Publisher: streams a run's windows to every `--out-metrics` sink while the run goes on. The
// engine hands it each closed window on its coordinating thread (RunOptions::on_window); the
// publisher turns it into points and queues them on every sink, which send on threads of their
// own. At the end, finish() adds the "end" annotation and flushes within a bounded time; the run
// and its results never depend on a sink.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "perfgate/engine/load_engine.h"
#include "perfgate/live/sink.h"
#include "perfgate/live/sink_target.h"
#include "perfgate/live/window_points.h"
#include "perfgate/results/run_result.h"

namespace perfgate::live {

using ClientFactory = std::function<std::unique_ptr<net::HttpClient>()>;

struct PublisherOptions {
  SinkOptions sink;
  // The most finish() waits for the sinks to send what they hold (the request timeout is capped
  // at it too, so that a hanging sink cannot hold the end of a run longer).
  std::chrono::milliseconds flush_timeout{5'000};
};

class Publisher {
 public:
  Publisher(const std::vector<SinkTarget>& targets, PublisherOptions options,
            const ClientFactory& make_client = net::make_curl_http_client);

  // For RunOptions::on_window: queues the window's points (and "start"/"stage" annotations).
  void publish(const engine::ClosedWindow& window);
  engine::WindowCallback callback() {
    return [this](const engine::ClosedWindow& window) { publish(window); };
  }
  // After the run: queues the "end" annotation, then gives the sinks flush_timeout to send.
  std::vector<SinkReport> finish(const results::RunResult& result);

 private:
  void push_all(const std::vector<Point>& points, Entry entry);

  PublisherOptions m_options;
  std::vector<std::unique_ptr<Sink>> m_sinks;
  std::optional<Tags> m_tags;  // known from the first window on
  int m_stage = 0;
};

// Closes every sink with one shared deadline and collects their reports.
std::vector<SinkReport> close_sinks(std::vector<std::unique_ptr<Sink>>& sinks,
                                    std::chrono::steady_clock::time_point deadline);

// "metrics sink prometheus=http://…: 12 of 40 windows (300 points) not delivered: HTTP 500" for
// each sink that dropped anything.
std::vector<std::string> drop_warnings(const std::vector<SinkReport>& reports);

}  // namespace perfgate::live
