// SPDX-License-Identifier: MIT
#include "perfgate/engine/curl_loop.h"

#include <errno.h>
#include <fmt/format.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>

#include "perfgate/util/clock.h"

namespace perfgate::engine {
namespace {

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

uint32_t& CurlLoop::registered(curl_socket_t socket) {
  size_t index = static_cast<size_t>(socket);
  if (index >= m_registered.size()) {
    m_registered.resize(index + 1024, 0);
    m_wanted.resize(index + 1024, 0);
  }
  return m_registered[index];
}

uint32_t& CurlLoop::wanted(curl_socket_t socket) {
  registered(socket);
  return m_wanted[static_cast<size_t>(socket)];
}

void CurlLoop::watch(curl_socket_t socket, uint32_t events) {
  uint32_t& in_set = registered(socket);
  wanted(socket) = events;
  if (events == 0 || events == in_set) return;  // removal is lazy; same interest: nothing to do
  epoll_event event{};
  event.events = events;
  event.data.fd = socket;
  int op = in_set == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
  if (epoll_ctl(m_epoll, op, socket, &event) != 0) {
    // Our view was stale (the kernel drops closed sockets by itself): try the other operation.
    op = op == EPOLL_CTL_ADD ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
    if (epoll_ctl(m_epoll, op, socket, &event) != 0) return;
  }
  in_set = events;
}

int CurlLoop::on_socket(CURL* /*easy*/, curl_socket_t socket, int what, void* self,
                        void* /*socket_data*/) {
  auto* loop = static_cast<CurlLoop*>(self);
  loop->watch(socket, what == CURL_POLL_REMOVE ? 0 : epoll_flags(what));
  return 0;
}

curl_socket_t CurlLoop::open_socket(void* self, curlsocktype /*purpose*/, curl_sockaddr* address) {
  curl_socket_t socket = ::socket(address->family, address->socktype, address->protocol);
  if (socket >= 0) {
    auto* loop = static_cast<CurlLoop*>(self);
    loop->registered(socket) = 0;
    loop->wanted(socket) = 0;
  }
  return socket;
}

int CurlLoop::close_socket(void* self, curl_socket_t socket) {
  auto* loop = static_cast<CurlLoop*>(self);
  // Closing drops the socket from the epoll set; a new socket may get the same number.
  loop->registered(socket) = 0;
  loop->wanted(socket) = 0;
  return close(socket);
}

int CurlLoop::on_timer(CURLM* /*multi*/, long timeout_ms, void* self) {
  auto* loop = static_cast<CurlLoop*>(self);
  if (timeout_ms < 0) {
    loop->m_curl_deadline = Nanos::max();
  } else if (timeout_ms == 0) {
    loop->m_curl_deadline = Nanos::min();  // due now: no need to read the clock
  } else {
    loop->m_curl_deadline = loop->m_dispatch_now + std::chrono::milliseconds(timeout_ms);
  }
  return 0;
}

void CurlLoop::socket_action(curl_socket_t socket, int flags) {
  int running = 0;
  curl_multi_socket_action(m_multi, socket, flags, &running);
}

void CurlLoop::run_timers(Nanos now) {
  m_dispatch_now = now;
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
  Nanos woke = steady_now();
  m_dispatch_now = woke;
  for (int i = 0; i < count; ++i) {
    uint32_t events = m_events[static_cast<size_t>(i)].events;
    curl_socket_t socket = m_events[static_cast<size_t>(i)].data.fd;
    if (wanted(socket) == 0) {  // an idle keep-alive connection: stop watching it now
      epoll_ctl(m_epoll, EPOLL_CTL_DEL, socket, nullptr);
      registered(socket) = 0;
      continue;
    }
    int flags = 0;
    if (events & (EPOLLIN | EPOLLHUP | EPOLLRDHUP)) flags |= CURL_CSELECT_IN;
    if (events & EPOLLOUT) flags |= CURL_CSELECT_OUT;
    if (events & EPOLLERR) flags |= CURL_CSELECT_ERR;
    socket_action(socket, flags);
  }
  run_timers(woke);
}

}  // namespace perfgate::engine
