// SPDX-License-Identifier: MIT
// Sink: one live-metrics destination with a sender thread of its own, so that whoever pushes
// (the engine's coordinator, once a window) never waits on the network. Windows wait in a bounded
// queue and go out in batches, with retries and backoff; when the destination is slow or down the
// oldest windows are dropped and counted. close() bounds how long the rest may take.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "perfgate/live/point.h"
#include "perfgate/live/sink_target.h"
#include "perfgate/net/http_client.h"

namespace perfgate::live {

struct SinkOptions {
  // Windows held while the destination is slow or down (10 minutes of a run); beyond it the
  // oldest is dropped.
  size_t queue_windows = 600;
  // Windows sent in one request at most.
  size_t batch_windows = 30;
  // One request's time limit; also capped by the deadline given to close().
  std::chrono::milliseconds request_timeout{2'000};
  // Attempts per batch: network errors, 429 and 5xx are retried with backoff and jitter.
  net::RetryPolicy retry{3,
                         std::chrono::milliseconds{200},
                         2.0,
                         std::chrono::milliseconds{2'000},
                         std::chrono::milliseconds{5'000},
                         0.2};
};

// What became of the windows pushed to one sink.
struct SinkReport {
  std::string display;  // SinkTarget::display
  int64_t windows_sent = 0;
  int64_t windows_dropped = 0;  // queue full, failed after retries, or out of time at the end
  int64_t points_sent = 0;      // annotations included
  int64_t points_dropped = 0;
  std::string last_error;  // why the last batch that failed did ("HTTP 500: …", libcurl's text)
};

// Whether a push is one of the run's windows (counted in SinkReport) or an extra (annotations).
enum class Entry { window, extra };

// Thread-safe: push() and close() may be called from any thread.
class Sink {
 public:
  Sink(SinkTarget target, SinkOptions options, std::unique_ptr<net::HttpClient> client);
  ~Sink();  // close(now) and join, if not done
  Sink(const Sink&) = delete;
  Sink& operator=(const Sink&) = delete;

  // Queues one window's points (never blocks on the network).
  void push(std::vector<Point> points, Entry entry = Entry::window);
  // Takes no more points; what is queued is sent until `deadline`, then dropped. A request in
  // flight ends by then too (its timeout is capped at the deadline once it is known, and is never
  // longer than request_timeout).
  void close(std::chrono::steady_clock::time_point deadline);
  // REQUIRES: close() was called. Waits for the sender thread and returns the counts.
  SinkReport join();

 private:
  class BoundedClient;
  void run();
  struct Queued {
    std::vector<Point> points;
    Entry entry;
  };
  void count(const std::vector<Queued>& batch, bool sent);
  bool send(const std::vector<Queued>& batch, std::string& error);
  void sleep_for(std::chrono::milliseconds duration);
  std::chrono::steady_clock::time_point deadline() const;

  SinkTarget m_target;
  SinkOptions m_options;
  std::unique_ptr<net::HttpClient> m_client;
  mutable std::mutex m_mutex;
  std::condition_variable m_cv;
  std::deque<Queued> m_queue;
  bool m_closing = false;
  std::chrono::steady_clock::time_point m_deadline = std::chrono::steady_clock::time_point::max();
  SinkReport m_report;
  std::thread m_thread;
};

}  // namespace perfgate::live
