// SPDX-License-Identifier: MIT
#include "perfgate/engine/curl_loop.h"

#include <errno.h>
#include <fmt/format.h>
#include <string.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>

#include "perfgate/util/clock.h"

namespace perfgate::engine {
namespace {

// A non-null marker for curl_multi_assign: "this socket is in the epoll set".
char k_watched = 0;

uint32_t epoll_flags(int what) {
  uint32_t flags = 0;
  if (what == CURL_POLL_IN || what == CURL_POLL_INOUT) flags |= EPOLLIN;
  if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT) flags |= EPOLLOUT;
  return flags;
}

Nanos steady_now() {
  return util::steady_clock().now();
}

}  // namespace

Result<std::unique_ptr<CurlLoop>> CurlLoop::create(long max_connections) {
  std::unique_ptr<CurlLoop> loop(new CurlLoop());
  loop->m_epoll = epoll_create1(EPOLL_CLOEXEC);
  if (loop->m_epoll < 0) return Error::runtime(fmt::format("epoll_create1: {}", strerror(errno)));
  loop->m_multi = curl_multi_init();
  if (loop->m_multi == nullptr) return Error::runtime("curl_multi_init failed");
  CURLM* multi = loop->m_multi;
  curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, &CurlLoop::on_socket);
  curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, loop.get());
  curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, &CurlLoop::on_timer);
  curl_multi_setopt(multi, CURLMOPT_TIMERDATA, loop.get());
  // Keep one idle connection per VU: closing and reopening would measure TCP handshakes.
  curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, std::max(max_connections, 16L));
  curl_multi_setopt(multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  return loop;
}

CurlLoop::~CurlLoop() {
  if (m_multi != nullptr) curl_multi_cleanup(m_multi);
  if (m_epoll >= 0) close(m_epoll);
}

int CurlLoop::on_socket(CURL* /*easy*/, curl_socket_t socket, int what, void* self,
                        void* socket_data) {
  auto* loop = static_cast<CurlLoop*>(self);
  if (what == CURL_POLL_REMOVE) {
    // The socket may already be closed (the kernel then dropped it from the set): ignore errors.
    epoll_ctl(loop->m_epoll, EPOLL_CTL_DEL, socket, nullptr);
    curl_multi_assign(loop->m_multi, socket, nullptr);
    return 0;
  }
  epoll_event event{};
  event.events = epoll_flags(what);
  event.data.fd = socket;
  if (socket_data == nullptr) {
    if (epoll_ctl(loop->m_epoll, EPOLL_CTL_ADD, socket, &event) != 0 && errno == EEXIST) {
      epoll_ctl(loop->m_epoll, EPOLL_CTL_MOD, socket, &event);
    }
    curl_multi_assign(loop->m_multi, socket, &k_watched);
  } else if (epoll_ctl(loop->m_epoll, EPOLL_CTL_MOD, socket, &event) != 0 && errno == ENOENT) {
    epoll_ctl(loop->m_epoll, EPOLL_CTL_ADD, socket, &event);
  }
  return 0;
}

int CurlLoop::on_timer(CURLM* /*multi*/, long timeout_ms, void* self) {
  auto* loop = static_cast<CurlLoop*>(self);
  if (timeout_ms < 0) {
    loop->m_curl_deadline = Nanos::max();
  } else if (timeout_ms == 0) {
    loop->m_curl_deadline = Nanos::min();  // due now: no need to read the clock
  } else {
    loop->m_curl_deadline = steady_now() + std::chrono::milliseconds(timeout_ms);
  }
  return 0;
}

void CurlLoop::socket_action(curl_socket_t socket, int flags) {
  int running = 0;
  curl_multi_socket_action(m_multi, socket, flags, &running);
}

void CurlLoop::run_timers(Nanos now) {
  // Each action may set a new "due now" timer (a handle moving to its next state); bounded.
  for (int round = 0; round < 8 && m_curl_deadline <= now; ++round) {
    m_curl_deadline = Nanos::max();
    socket_action(CURL_SOCKET_TIMEOUT, 0);
  }
}

void CurlLoop::wait(Nanos now, Nanos deadline) {
  Nanos until = std::min(deadline, m_curl_deadline);
  Nanos timeout = until > now ? until - now : Nanos(0);
  timespec spec{};
  spec.tv_sec = static_cast<time_t>(timeout.count() / 1'000'000'000);
  spec.tv_nsec = static_cast<long>(timeout.count() % 1'000'000'000);
  int count =
      epoll_pwait2(m_epoll, m_events.data(), static_cast<int>(m_events.size()), &spec, nullptr);
  if (count < 0 && errno == ENOSYS) {  // kernels before 5.11: millisecond resolution, rounded up
    int timeout_ms = static_cast<int>((timeout.count() + 999'999) / 1'000'000);
    count = epoll_wait(m_epoll, m_events.data(), static_cast<int>(m_events.size()), timeout_ms);
  }
  for (int i = 0; i < count; ++i) {
    uint32_t events = m_events[static_cast<size_t>(i)].events;
    int flags = 0;
    if (events & (EPOLLIN | EPOLLHUP | EPOLLRDHUP)) flags |= CURL_CSELECT_IN;
    if (events & EPOLLOUT) flags |= CURL_CSELECT_OUT;
    if (events & EPOLLERR) flags |= CURL_CSELECT_ERR;
    socket_action(m_events[static_cast<size_t>(i)].data.fd, flags);
  }
  run_timers(steady_now());
}

}  // namespace perfgate::engine
