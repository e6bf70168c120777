// SPDX-License-Identifier: MIT
// CurlLoop: one libcurl multi handle driven by curl_multi_socket_action over an epoll set — the
// event loop of one worker thread. libcurl tells it which sockets to watch (socket callback) and
// when to call back (timer callback); the loop only waits and dispatches, so its cost per wake-up
// is independent of the number of connections. Not thread-safe: one loop per thread.
#pragma once

#include <curl/curl.h>
#include <sys/epoll.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "perfgate/util/result.h"

namespace perfgate::engine {

using Nanos = std::chrono::nanoseconds;

class CurlLoop {
 public:
  // `max_connections`: the size of the connection cache (keep-alive connections kept open).
  static Result<std::unique_ptr<CurlLoop>> create(long max_connections);
  ~CurlLoop();
  CurlLoop(const CurlLoop&) = delete;
  CurlLoop& operator=(const CurlLoop&) = delete;

  void add(CURL* easy) { curl_multi_add_handle(m_multi, easy); }
  void remove(CURL* easy) { curl_multi_remove_handle(m_multi, easy); }

  // Lets libcurl start the handles added since the last call (it wants a timeout action for them)
  // and act on expired timers. Cheap when nothing is due.
  void run_timers(Nanos now);

  // Waits for socket activity until `deadline` (steady clock, ns) at the latest, or less when
  // libcurl's own timer is due earlier, and lets libcurl act on what happened.
  void wait(Nanos now, Nanos deadline);

  // Calls `on_done(easy, result)` for the next transfer that finished, if any.
  template <typename OnDone>
  void drain_one(OnDone&& on_done) {
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(m_multi, &left)) {
      if (message->msg == CURLMSG_DONE) {
        on_done(message->easy_handle, message->data.result);
        return;
      }
    }
  }

  // When libcurl next wants a timeout action (steady ns), or a large value when it has none.
  Nanos curl_deadline() const { return m_curl_deadline; }

  // For CURLOPT_CLOSESOCKETFUNCTION (with CURLOPT_CLOSESOCKETDATA = this loop): forgets the
  // socket's registration, then closes it.
  static int close_socket(void* self, curl_socket_t socket);
  // For CURLOPT_OPENSOCKETFUNCTION (CURLOPT_OPENSOCKETDATA = this loop): a new socket starts
  // with no registration, whatever an earlier socket with the same number had.
  static curl_socket_t open_socket(void* self, curlsocktype purpose, curl_sockaddr* address);

 private:
  CurlLoop() = default;
  static int on_socket(CURL* easy, curl_socket_t socket, int what, void* self, void* socket_data);
  static int on_timer(CURLM* multi, long timeout_ms, void* self);
  void socket_action(curl_socket_t socket, int flags);
  void watch(curl_socket_t socket, uint32_t events);
  uint32_t& registered(curl_socket_t socket);
  uint32_t& wanted(curl_socket_t socket);

  CURLM* m_multi = nullptr;
  int m_epoll = -1;
  Nanos m_curl_deadline = Nanos::max();
  // The clock as read at the start of the current dispatch (timers run, or epoll returned): libcurl
  // re-arms its timer many times per request, and a deadline computed from this earlier reading is
  // at most early, never late (an early wake-up only makes libcurl re-arm).
  Nanos m_dispatch_now{0};
  std::array<epoll_event, 512> m_events{};
  // Per socket: the events the epoll set has for it (0: not in the set) and the events libcurl
  // wants (0: none). They differ lazily: when libcurl stops watching a keep-alive connection
  // between two requests, the registration stays, so that the next request on it costs no
  // epoll_ctl; an event on a socket libcurl does not want removes the registration then.
  std::vector<uint32_t> m_registered;
  std::vector<uint32_t> m_wanted;
};

}  // namespace perfgate::engine
