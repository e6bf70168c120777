// SPDX-License-Identifier: MIT
// The native HTTP/1.1 transport: one keep-alive connection per slot, non-blocking sockets in an
// edge-triggered epoll set (registered once per connection, so a request on a kept connection
// costs no epoll_ctl), requests rendered by Http1Request and responses parsed by Http1Response.
// One request per connection at a time (no pipelining).
#include <errno.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "perfgate/engine/http1_request.h"
#include "perfgate/engine/http1_response.h"
#include "perfgate/engine/http_origin.h"
#include "perfgate/engine/transport.h"
#include "perfgate/util/clock.h"
#include "perfgate/util/log.h"

namespace perfgate::engine {
namespace {

// One read; responses larger than this take several (the parser keeps what it must).
constexpr size_t k_read_buffer = 64 * 1024;

Nanos steady_now() {
  return util::steady_clock().now();
}

int64_t to_us(Nanos duration) {
  return duration.count() / 1000;
}

enum class State { idle, connecting, sending, receiving };

struct Slot {
  explicit Slot(const HttpOrigin& origin) : request(origin.host, origin.origin_length) {}
  Http1Request request;
  Http1Response response;
  State state = State::idle;
  int fd = -1;                  // the slot's connection, kept open between requests
  uint32_t generation = 0;      // bumped per connection: tells a stale epoll event apart
  uint32_t request_serial = 0;  // bumped per request: tells a stale timeout apart
  bool reused = false;          // the connection served a request before this one
  bool retried = false;         // this request already moved to a fresh connection once
  bool input_pending = false;   // bytes arrived while the request was still being sent
  size_t written = 0;           // request bytes sent so far
  Nanos timeout{0};             // the step's, from start() to the end of the response
  Nanos started{0};
  Nanos connected{0};  // when the connection was ready (started, for a kept one)
  Nanos first_byte{0};
  Nanos done{0};
  TransportFailure failure = TransportFailure::none;
};

struct Timeout {
  Nanos due;
  size_t slot;
  uint32_t serial;  // the request's: a finished request leaves a stale entry behind
};

// The pending timeouts of the requests that share one timeout length. Requests start in time
// order, so their deadlines are in order too: a FIFO, not a heap. Finished requests leave
// stale entries, dropped as they reach the front, so the queue stays about as long as the
// number of requests in flight (plus those that finished out of order behind a slow one).
struct TimeoutQueue {
  Nanos length{0};
  std::deque<Timeout> entries;
};

class NativeTransport final : public Transport {
 public:
  // Without `origin` (the name did not resolve) every request fails as a resolve error, as
  // libcurl's do.
  NativeTransport(int epoll, std::optional<HttpOrigin> origin)
      : m_epoll(epoll), m_resolved(origin.has_value()), m_origin(std::move(origin)) {
    if (!m_origin) m_origin.emplace();
    m_buffer = std::make_unique<char[]>(k_read_buffer);
  }

  ~NativeTransport() override {
    for (auto& slot : m_slots) close_connection(*slot);
    close(m_epoll);
  }

  Rendered prepare(size_t slot, const StepPlan& step,
                   const scenario::RenderContext& context) override {
    while (m_slots.size() <= slot) m_slots.push_back(std::make_unique<Slot>(*m_origin));
    Slot& s = *m_slots[slot];
    s.timeout = Nanos(step.step->timeout);
    Rendered rendered = s.request.render(step, context);
    Keep headers = step.needs_headers ? Keep::yes : Keep::no;
    Keep body = step.needs_body ? Keep::yes : Keep::no;
    s.response.start(s.request.head(), headers, body);
    return rendered;
  }

  void start(size_t slot, Nanos now) override {
    Slot& s = *m_slots[slot];
    s.started = now;
    s.connected = now;
    s.first_byte = Nanos(0);
    s.written = 0;
    s.retried = false;
    s.input_pending = false;
    s.failure = TransportFailure::none;
    ++s.request_serial;
    m_now = std::max(m_now, now);
    queue_for(s.timeout).entries.push_back({now + s.timeout, slot, s.request_serial});
    // Whatever happens now is reported at the next run_timers() or wait(), never from here: a
    // refused connection would otherwise restart at once, and again, inside one drain.
    if (!m_resolved) {
      finish_later(slot, TransportFailure::resolve);
      return;
    }
    if (s.fd >= 0) {
      s.reused = true;
      s.state = State::sending;
      send_request(slot, Deferral::deferred);
      return;
    }
    open_connection(slot, now, Deferral::deferred);
  }

  void abandon(size_t slot) override {
    Slot& s = *m_slots[slot];
    if (s.state == State::idle) return;
    close_connection(s);
    ++s.request_serial;
  }

  void run_timers(Nanos now) override {
    m_now = std::max(m_now, now);
    release_deferred();
    for (TimeoutQueue& queue : m_timeouts) {
      while (!queue.entries.empty()) {
        const Timeout& front = queue.entries.front();
        bool live = m_slots[front.slot]->request_serial == front.serial;
        if (live && front.due > now) break;
        size_t slot = front.slot;
        queue.entries.pop_front();
        if (live) fail(slot, TransportFailure::timeout);
      }
    }
  }

  void wait(Nanos now, Nanos deadline) override {
    release_deferred();
    for (const TimeoutQueue& queue : m_timeouts) {
      if (!queue.entries.empty()) deadline = std::min(deadline, queue.entries.front().due);
    }
    if (m_finished_next < m_finished.size()) deadline = now;
    Nanos timeout = deadline > now ? deadline - now : Nanos(0);
    timespec spec{};
    spec.tv_sec = static_cast<time_t>(timeout.count() / 1'000'000'000);
    spec.tv_nsec = static_cast<long>(timeout.count() % 1'000'000'000);
    int count =
        epoll_pwait2(m_epoll, m_events.data(), static_cast<int>(m_events.size()), &spec, nullptr);
    if (count < 0 && errno == ENOSYS) {  // kernels before 5.11: millisecond resolution
      int timeout_ms = static_cast<int>((timeout.count() + 999'999) / 1'000'000);
      count = epoll_wait(m_epoll, m_events.data(), static_cast<int>(m_events.size()), timeout_ms);
    }
    m_now = steady_now();
    for (int i = 0; i < count; ++i) on_event(m_events[static_cast<size_t>(i)]);
    run_timers(m_now);
  }

  bool next_finished(size_t& slot) override {
    if (m_finished_next == m_finished.size()) {
      m_finished.clear();
      m_finished_next = 0;
      return false;
    }
    slot = m_finished[m_finished_next++];
    return true;
  }

  Transfer finish(size_t slot) override {
    const Slot& s = *m_slots[slot];
    Transfer transfer;
    transfer.failure = s.failure;
    transfer.status = s.response.status();
    transfer.bytes_sent = static_cast<int64_t>(s.written);
    transfer.bytes_received = s.response.header_bytes() + s.response.body_bytes();
    if (transfer.status > 0) {
      // As libcurl measures them: connect from the start, TTFB from the connection being ready
      // to the first response byte, transfer from there to the end.
      metrics::PhaseTotals& phases = transfer.phases;
      phases.samples = 1;
      phases.connect_us = to_us(s.connected - s.started);
      phases.ttfb_us = std::max<int64_t>(0, to_us(s.first_byte - s.connected));
      phases.transfer_us = std::max<int64_t>(0, to_us(s.done - s.first_byte));
    }
    return transfer;
  }

  std::string_view body(size_t slot) const override { return m_slots[slot]->response.body(); }
  std::string_view headers(size_t slot) const override { return m_slots[slot]->response.headers(); }

 private:
  // Whether a failure inside start() is reported at the next loop turn or right away.
  enum class Deferral { now, deferred };

  TimeoutQueue& queue_for(Nanos length) {
    for (TimeoutQueue& queue : m_timeouts) {
      if (queue.length == length) return queue;
    }
    m_timeouts.push_back(TimeoutQueue{length, {}});
    return m_timeouts.back();
  }

  void open_connection(size_t slot, Nanos now, Deferral deferral) {
    Slot& s = *m_slots[slot];
    s.reused = false;
    const sockaddr* address = reinterpret_cast<const sockaddr*>(&m_origin->address);
    int fd = socket(address->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      finish_or_defer(slot, TransportFailure::connect, deferral);
      return;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    s.fd = fd;
    ++s.generation;
    bool connected = connect(fd, address, m_origin->address_length) == 0;
    if (!connected && errno != EINPROGRESS) {
      finish_or_defer(slot, TransportFailure::connect, deferral);
      return;
    }
    // Registered once for the connection's life, after connect(): an unconnected socket reads
    // as writable. Edge-triggered, so nothing changes between requests.
    epoll_event event{};
    event.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    event.data.u64 = (static_cast<uint64_t>(slot) << 32) | s.generation;
    if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event) != 0) {
      finish_or_defer(slot, TransportFailure::other, deferral);
      return;
    }
    s.state = connected ? State::sending : State::connecting;
    if (connected) {
      s.connected = now;
      send_request(slot, deferral);
    }
  }

  void close_connection(Slot& s) {
    if (s.fd >= 0) close(s.fd);  // closing also leaves the epoll set
    s.fd = -1;
    s.state = State::idle;
  }

  void on_event(const epoll_event& event) {
    size_t slot = static_cast<size_t>(event.data.u64 >> 32);
    uint32_t generation = static_cast<uint32_t>(event.data.u64);
    if (slot >= m_slots.size()) return;
    Slot& s = *m_slots[slot];
    if (s.generation != generation || s.fd < 0) return;  // a connection closed since
    switch (s.state) {
      case State::idle:
        // The server closed a kept connection (or sent what nobody asked for): drop it now, so
        // that the next request opens a fresh one.
        if (event.events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) close_connection(s);
        break;
      case State::connecting:
        on_connect(slot);
        break;
      case State::sending:
        // An early answer (a server refusing a large body) comes as an edge that will not
        // repeat: remembered, and read once the request is out.
        if (event.events & (EPOLLIN | EPOLLRDHUP)) s.input_pending = true;
        if (event.events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) send_request(slot, Deferral::now);
        break;
      case State::receiving:
        receive(slot);
        break;
    }
  }

  void on_connect(size_t slot) {
    Slot& s = *m_slots[slot];
    int error = 0;
    socklen_t length = sizeof error;
    getsockopt(s.fd, SOL_SOCKET, SO_ERROR, &error, &length);
    if (error != 0) {
      fail(slot, TransportFailure::connect);
      return;
    }
    s.connected = m_now;
    s.state = State::sending;
    send_request(slot, Deferral::now);
  }

  void send_request(size_t slot, Deferral deferral) {
    Slot& s = *m_slots[slot];
    std::string_view bytes = s.request.bytes();
    while (s.written < bytes.size()) {
      ssize_t sent = ::send(s.fd, bytes.data() + s.written, bytes.size() - s.written, MSG_NOSIGNAL);
      if (sent > 0) {
        s.written += static_cast<size_t>(sent);
        continue;
      }
      if (sent < 0 && errno == EINTR) continue;
      if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;  // EPOLLOUT resumes
      connection_broke(slot, deferral);
      return;
    }
    s.state = State::receiving;  // the response arrives as an EPOLLIN edge
    if (s.input_pending) receive(slot);
  }

  void receive(size_t slot) {
    Slot& s = *m_slots[slot];
    while (true) {
      ssize_t got = ::recv(s.fd, m_buffer.get(), k_read_buffer, 0);
      if (got > 0) {
        if (s.first_byte == Nanos(0)) s.first_byte = m_now;
        size_t consumed = 0;
        Parsed parsed =
            s.response.feed(std::string_view(m_buffer.get(), static_cast<size_t>(got)), consumed);
        if (parsed == Parsed::more) continue;
        if (parsed == Parsed::invalid) {
          fail(slot, TransportFailure::other);
          return;
        }
        // Bytes past the response were never asked for (no pipelining): the connection is
        // out of step and is not reused.
        bool keep = s.response.keep_alive() && consumed == static_cast<size_t>(got);
        complete(slot, keep);
        return;
      }
      if (got == 0) {
        if (s.response.feed_eof() == Parsed::complete) {
          complete(slot, false);
        } else {
          connection_broke(slot, Deferral::now);
        }
        return;
      }
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      connection_broke(slot, Deferral::now);
      return;
    }
  }

  // Reset, closed early, or a failed send. A kept connection the server closed while idle looks
  // the same: then the request is sent again once on a fresh connection, as libcurl does.
  void connection_broke(size_t slot, Deferral deferral) {
    Slot& s = *m_slots[slot];
    bool nothing_back = s.first_byte == Nanos(0);
    if (s.reused && nothing_back && !s.retried) {
      close_connection(s);
      s.retried = true;
      s.written = 0;
      open_connection(slot, m_now, deferral);
      return;
    }
    finish_or_defer(slot, TransportFailure::broken, deferral);
  }

  void complete(size_t slot, bool keep_connection) {
    Slot& s = *m_slots[slot];
    s.done = m_now;
    if (keep_connection) {
      s.state = State::idle;
    } else {
      close_connection(s);
    }
    ++s.request_serial;  // its timeout no longer applies
    m_finished.push_back(slot);
  }

  void fail(size_t slot, TransportFailure failure) {
    Slot& s = *m_slots[slot];
    s.failure = failure;
    s.done = m_now;
    close_connection(s);  // libcurl does not reuse a connection a request failed on either
    ++s.request_serial;
    m_finished.push_back(slot);
  }

  void finish_or_defer(size_t slot, TransportFailure failure, Deferral deferral) {
    if (deferral == Deferral::now) {
      fail(slot, failure);
    } else {
      finish_later(slot, failure);
    }
  }

  void finish_later(size_t slot, TransportFailure failure) {
    Slot& s = *m_slots[slot];
    s.failure = failure;
    close_connection(s);
    ++s.request_serial;
    m_deferred.push_back(slot);
  }

  void release_deferred() {
    if (m_deferred.empty()) return;
    Nanos now = steady_now();
    for (size_t slot : m_deferred) {
      m_slots[slot]->done = now;
      m_finished.push_back(slot);
    }
    m_deferred.clear();
  }

  int m_epoll;
  bool m_resolved;
  std::optional<HttpOrigin> m_origin;
  std::vector<std::unique_ptr<Slot>> m_slots;
  std::vector<TimeoutQueue> m_timeouts;  // one per timeout length (few: one per step at most)
  std::vector<size_t> m_finished;        // finished slots, handed out in order
  size_t m_finished_next = 0;
  std::vector<size_t> m_deferred;  // failed inside start(): reported at the next loop turn
  std::unique_ptr<char[]> m_buffer;
  std::array<epoll_event, 512> m_events{};
  Nanos m_now{0};  // the latest clock reading: when epoll returned, or the worker's later now
};

}  // namespace

Result<std::unique_ptr<Transport>> make_native_transport(const RunPlan& plan) {
  int epoll = epoll_create1(EPOLL_CLOEXEC);
  if (epoll < 0) return Error::runtime(fmt::format("epoll_create1: {}", strerror(errno)));
  auto origin = resolve_origin(plan.target);
  if (!origin && origin.error().kind == ErrorKind::bad_input) {
    close(epoll);
    return origin.error();
  }
  std::optional<HttpOrigin> resolved;
  if (origin) {
    resolved = std::move(*origin);
  } else {
    // Every request will fail as a resolve error (as libcurl's would); say why once per worker.
    util::warn(
        fmt::format("native HTTP client: {}; every request fails (names are resolved "
                    "once per run: --http-client curl resolves per connection)",
                    origin.error().message));
  }
  return std::unique_ptr<Transport>(new NativeTransport(epoll, std::move(resolved)));
}

}  // namespace perfgate::engine
