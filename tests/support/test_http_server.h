// SPDX-License-Identifier: MIT
// TestHttpServer: a small HTTP/1.1 keep-alive server on 127.0.0.1 (ephemeral port), one epoll
// thread, for the load engine's tests: its delays, stalls and failures are exact, and it logs
// every request it reads, so a test can compare what the server saw with what perf-gate counted.
//
// Routes (anything else answers 200 "ok"):
//   /delay/<ms>         answers 200 after <ms> milliseconds
//   /status/<code>      answers <code>
//   /reset              reads the request, then resets the connection (RST, no response)
//   /slow/<ms>          sends the headers and half the body, the rest after <ms>
//   /login (POST)       answers {"token":"tok-<n>"}, n counting from 1
//   /secure             200 when "Authorization: Bearer tok-<n>" names an issued token, else 401
//   /echo               answers the request body
//   /chunked            answers "hello world" in two chunks
//   /close              answers with Connection: close and no length, then closes
//   /early-hints        answers 103 Early Hints, then 200 "ok"
//   /trickle/<ms>       sends the response 7 bytes at a time, <ms> apart
//   /cut                sends the headers and half the body, then resets the connection
//   HEAD (any path)     answers the headers of 200 "ok", without the body
//   /hostile            answers {"tok": "v1\r\n…GET /SMUGGLED…", "nul": "a\u0000b"} (smuggling)
// A stall (stall()) holds every response that would be sent inside the stall until it ends.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace perfgate::test {

struct LoggedRequest {
  std::string method;
  std::string target;   // path and query
  std::string headers;  // the raw header lines
  std::string body;
  std::chrono::steady_clock::time_point received;
};

class TestHttpServer {
 public:
  // Binds 127.0.0.1:0 and starts the thread. Throws std::runtime_error when it cannot.
  TestHttpServer();
  ~TestHttpServer();  // stops the thread, closes every socket
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  int port() const { return m_port; }
  std::string base_url() const;  // "http://127.0.0.1:<port>"

  // Holds all responses due in [now + after, now + after + length) until the stall's end.
  void stall(std::chrono::milliseconds after, std::chrono::milliseconds length);

  std::vector<LoggedRequest> requests() const;
  size_t request_count() const;
  // Requests whose target starts with `prefix`.
  size_t count(std::string_view prefix) const;

 private:
  enum class After { keep, close, reset };  // what happens to the connection after a write
  struct Connection;
  struct Pending;
  void serve();
  void accept_all();
  void on_readable(int fd);
  void handle_request(Connection& connection, LoggedRequest request);
  void schedule(int fd, uint64_t generation, std::string bytes,
                std::chrono::steady_clock::time_point due, After after);
  void send_due();
  void write_out(Connection& connection);
  void close_connection(int fd, bool reset);
  int timeout_ms() const;

  int m_listen_fd = -1;
  int m_epoll_fd = -1;
  int m_wake_fd = -1;
  int m_port = 0;
  std::thread m_thread;
  mutable std::mutex m_mutex;  // guards m_log and the stall window
  std::vector<LoggedRequest> m_log;
  std::chrono::steady_clock::time_point m_stall_from{};
  std::chrono::steady_clock::time_point m_stall_until{};
  // Owned by the server thread.
  std::vector<Connection*> m_connections;  // by fd
  std::vector<Pending> m_pending;          // min-heap by due time
  uint64_t m_next_generation = 1;
  int64_t m_tokens = 0;
};

}  // namespace perfgate::test
