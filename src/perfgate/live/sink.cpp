// SPDX-License-Identifier: MIT
#include "perfgate/live/sink.h"

#include <fmt/format.h>

#include <algorithm>

namespace perfgate::live {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::string describe(const net::HttpResponse& response) {
  std::string body = response.body.substr(0, 200);
  std::replace(body.begin(), body.end(), '\n', ' ');
  return body.empty() ? fmt::format("HTTP {}", response.status)
                      : fmt::format("HTTP {}: {}", response.status, body);
}

}  // namespace

// Refuses to start a request after the deadline and caps each request's timeout at it, so that
// the retry loop cannot outlast close()'s bound. Remembers the last answer the sink really gave.
class Sink::BoundedClient final : public net::HttpClient {
 public:
  explicit BoundedClient(Sink& sink) : m_sink(sink) {}
  Result<net::HttpResponse> send(const net::HttpRequest& request) override {
    auto left = std::chrono::duration_cast<milliseconds>(m_sink.deadline() - Clock::now());
    if (left <= milliseconds{0}) {
      std::string why = "out of time to flush";
      return Error::runtime(m_last_answer.empty() ? why : m_last_answer + ", then " + why);
    }
    net::HttpRequest bounded = request;
    bounded.timeout = std::min(request.timeout, left);
    auto outcome = m_sink.m_client->send(bounded);
    m_last_answer = outcome.ok() ? describe(*outcome) : outcome.error().message;
    return outcome;
  }

 private:
  Sink& m_sink;
  std::string m_last_answer;
};

Sink::Sink(SinkTarget target, SinkOptions options, std::unique_ptr<net::HttpClient> client)
    : m_target(std::move(target)), m_options(options), m_client(std::move(client)) {
  m_report.display = m_target.display;
  m_thread = std::thread([this] { run(); });
}

Sink::~Sink() {
  if (m_thread.joinable()) {
    close(Clock::now());
    m_thread.join();
  }
}

void Sink::push(std::vector<Point> points, Entry entry) {
  std::lock_guard lock(m_mutex);
  if (m_closing) return;
  if (m_queue.size() >= std::max<size_t>(1, m_options.queue_windows)) {
    // The oldest goes: a live dashboard wants the present.
    count({std::move(m_queue.front())}, false);
    m_queue.pop_front();
  }
  m_queue.push_back({std::move(points), entry});
  m_cv.notify_all();
}

// REQUIRES: m_mutex held.
void Sink::count(const std::vector<Queued>& batch, bool sent) {
  for (const Queued& queued : batch) {
    int64_t windows = queued.entry == Entry::window ? 1 : 0;
    (sent ? m_report.windows_sent : m_report.windows_dropped) += windows;
    (sent ? m_report.points_sent : m_report.points_dropped) += std::ssize(queued.points);
  }
}

void Sink::close(Clock::time_point deadline) {
  std::lock_guard lock(m_mutex);
  m_closing = true;
  m_deadline = std::min(m_deadline, deadline);
  m_cv.notify_all();
}

SinkReport Sink::join() {
  if (m_thread.joinable()) m_thread.join();
  std::lock_guard lock(m_mutex);
  return m_report;
}

Clock::time_point Sink::deadline() const {
  std::lock_guard lock(m_mutex);
  return m_deadline;
}

// Waits out a backoff, but never past the deadline (which close() may bring forward meanwhile).
void Sink::sleep_for(milliseconds duration) {
  std::unique_lock lock(m_mutex);
  Clock::time_point until = Clock::now() + duration;
  while (true) {
    Clock::time_point target = std::min(until, m_deadline);
    if (Clock::now() >= target) return;
    m_cv.wait_until(lock, target);
  }
}

void Sink::run() {
  std::unique_lock lock(m_mutex);
  while (true) {
    m_cv.wait(lock, [this] { return !m_queue.empty() || m_closing; });
    if (m_queue.empty()) return;
    if (Clock::now() >= m_deadline) {
      count({m_queue.begin(), m_queue.end()}, false);
      m_queue.clear();
      return;
    }
    std::vector<Queued> batch;
    while (!m_queue.empty() && batch.size() < std::max<size_t>(1, m_options.batch_windows)) {
      batch.push_back(std::move(m_queue.front()));
      m_queue.pop_front();
    }
    lock.unlock();
    std::string error;
    bool sent = send(batch, error);
    lock.lock();
    count(batch, sent);
    if (!sent) m_report.last_error = std::move(error);
  }
}

bool Sink::send(const std::vector<Queued>& batch, std::string& error) {
  std::vector<Point> points;
  for (const Queued& queued : batch)
    points.insert(points.end(), queued.points.begin(), queued.points.end());
  net::HttpRequest request = make_write_request(m_target, points);
  request.timeout = m_options.request_timeout;
  BoundedClient client(*this);
  net::RetriedResponse outcome =
      net::send_with_retries(client, request, m_options.retry, net::default_retry_decision,
                             [this](milliseconds duration) { sleep_for(duration); });
  if (!outcome.final_outcome.ok()) {
    error = outcome.final_outcome.error().message;
    return false;
  }
  const net::HttpResponse& response = *outcome.final_outcome;
  if (response.status >= 200 && response.status < 300) return true;
  error = describe(response);
  return false;
}

}  // namespace perfgate::live
