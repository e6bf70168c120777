// SPDX-License-Identifier: MIT
// WebhookHttpServer: a tiny HTTP/1.1 server on 127.0.0.1 (ephemeral port) for tests of the real
// HTTP client, webhook delivery and anything else that needs a far side on loopback. One
// connection at a time, one request per connection ("Connection: close"); every request is
// recorded. The handler decides the response, its delay, or dropping the connection.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace perfgate::test {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct ReceivedRequest {
  std::string method;
  std::string target;  // path and query as sent
  HeaderList headers;  // names lower-cased
  std::string body;
  // The first header with this lower-case name, or nullptr.
  const std::string* header(std::string_view name) const;
};

struct ServerResponse {
  int status = 200;
  HeaderList headers;
  std::string body;
  std::chrono::milliseconds delay{0};  // wait before answering (slow server)
  bool drop_connection = false;        // close without any response
};

using ServerHandler = std::function<ServerResponse(const ReceivedRequest&)>;

class WebhookHttpServer {
 public:
  // Binds 127.0.0.1:0 and starts serving. Throws std::runtime_error when it cannot.
  explicit WebhookHttpServer(ServerHandler handler);
  ~WebhookHttpServer();  // stops the thread and closes the socket
  WebhookHttpServer(const WebhookHttpServer&) = delete;
  WebhookHttpServer& operator=(const WebhookHttpServer&) = delete;

  int port() const { return m_port; }
  // "http://127.0.0.1:<port><path>"
  std::string url(std::string_view path = "/") const;
  std::vector<ReceivedRequest> requests() const;
  size_t request_count() const;

 private:
  void serve();
  void handle(int fd);

  ServerHandler m_handler;
  int m_listen_fd = -1;
  int m_wake_pipe[2] = {-1, -1};
  int m_port = 0;
  std::atomic<bool> m_stopping{false};
  mutable std::mutex m_mutex;
  std::vector<ReceivedRequest> m_requests;
  std::thread m_thread;
};

// A loopback port on which nothing listens (bound, read back, closed): connecting is refused.
int webhook_closed_port();

}  // namespace perfgate::test
