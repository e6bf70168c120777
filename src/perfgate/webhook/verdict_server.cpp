// SPDX-License-Identifier: MIT
#include "perfgate/webhook/verdict_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <list>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "perfgate/util/log.h"
#include "perfgate/webhook/http_message.h"
#include "perfgate/webhook/verdict_api.h"
#include "perfgate/webhook/verdict_store.h"

namespace perfgate::webhook {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Polls in slices so that stop() is noticed while a slow client is being read.
constexpr milliseconds k_poll_slice{100};
// Connections beyond max_connections (up to this many more) are still read, briefly, so that
// /healthz answers while slow or hostile clients hold every regular slot; anything else gets 503.
constexpr int k_health_reserve = 8;
constexpr milliseconds k_health_timeout{1000};

// What a connection may ask for.
enum class Admission { full, health_only };

struct Endpoint {
  std::string host;
  std::string port;
};

Result<Endpoint> split_listen(const std::string& listen) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 == listen.size()) {
    return Error::bad_input(fmt::format("--listen '{}': expected ADDRESS:PORT", listen));
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::string port = listen.substr(colon + 1);
  int number = -1;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (ec != std::errc() || end != port.data() + port.size() || number < 0 || number > 65535) {
    return Error::bad_input(fmt::format("--listen '{}': the port must be 0-65535", listen));
  }
  return Endpoint{host, port};
}

Result<int> bind_socket(const std::string& listen) {
  auto endpoint = split_listen(listen);
  if (!endpoint) return endpoint.error();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
  addrinfo* found = nullptr;
  if (getaddrinfo(endpoint->host.c_str(), endpoint->port.c_str(), &hints, &found) != 0) {
    return Error::bad_input(
        fmt::format("--listen '{}': expected a numeric IP address and port", listen));
  }
  int fd = ::socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  if (fd >= 0) ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  bool ok = fd >= 0 && ::bind(fd, found->ai_addr, found->ai_addrlen) == 0 && ::listen(fd, 64) == 0;
  int saved_errno = errno;
  freeaddrinfo(found);
  if (!ok) {
    if (fd >= 0) ::close(fd);
    return Error::runtime(
        fmt::format("cannot listen on {}: {}", listen, std::strerror(saved_errno)));
  }
  return fd;
}

std::string bound_address(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  char host[INET6_ADDRSTRLEN] = "?";
  if (address.ss_family == AF_INET6) {
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
    inet_ntop(AF_INET6, &v6->sin6_addr, host, sizeof host);
    return fmt::format("[{}]:{}", host, ntohs(v6->sin6_port));
  }
  auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
  inet_ntop(AF_INET, &v4->sin_addr, host, sizeof host);
  return fmt::format("{}:{}", host, ntohs(v4->sin_port));
}

// One connection, start to finish.
class Connection {
 public:
  Connection(int fd, const VerdictServerOptions& options, const VerdictStore& store,
             const std::atomic<bool>& stopping, Admission admission)
      : m_fd(fd),
        m_options(options),
        m_store(store),
        m_stopping(stopping),
        m_admission(admission),
        m_deadline(Clock::now() + (admission == Admission::full
                                       ? options.read_timeout
                                       : std::min(options.read_timeout, k_health_timeout))) {}

  void serve() {
    Reply reply = read_and_handle();
    PG_LOG("serve: {} {} -> {}", m_head.method, m_head.path, reply.status);
    write_all(serialize_reply(reply, m_head.method == "HEAD"));
    linger_close();
  }

 private:
  enum class Read { ok, closed, timeout };

  // Waits for input until the deadline, in slices; appends what arrives to m_data.
  Read read_some() {
    while (!m_stopping) {
      auto left = std::chrono::duration_cast<milliseconds>(m_deadline - Clock::now());
      if (left <= milliseconds{0}) return Read::timeout;
      pollfd pfd{m_fd, POLLIN, 0};
      int ready = ::poll(&pfd, 1, static_cast<int>(std::min(left, k_poll_slice).count()));
      if (ready == 0) continue;
      char buffer[4096];
      ssize_t n = ready > 0 ? ::recv(m_fd, buffer, sizeof buffer, 0) : -1;
      if (n <= 0) return Read::closed;
      m_data.append(buffer, static_cast<size_t>(n));
      return Read::ok;
    }
    return Read::closed;
  }

  Reply read_and_handle() {
    size_t head_end;
    while ((head_end = m_data.find("\r\n\r\n")) == std::string::npos) {
      if (m_data.size() > m_options.max_head_bytes) {
        return error_reply(431, "request head too large");
      }
      Read read = read_some();
      if (read == Read::timeout) return error_reply(408, "request head not received in time");
      if (read == Read::closed) return error_reply(400, "incomplete request");
    }
    if (head_end > m_options.max_head_bytes) return error_reply(431, "request head too large");
    auto head = parse_request_head(std::string_view(m_data).substr(0, head_end));
    if (!head) return error_reply(400, "malformed request");
    m_head = std::move(*head);
    if (m_admission == Admission::health_only && m_head.path != "/healthz") {
      return error_reply(503, "too many connections");
    }
    if (m_head.header("transfer-encoding")) return error_reply(411, "send a Content-Length");
    // Two Content-Lengths that differ are a request-smuggling vector (RFC 9112 6.3): refused.
    const std::string* first_length = m_head.header("content-length");
    for (const auto& [name, value] : m_head.headers) {
      if (name == "content-length" && value != *first_length) {
        return error_reply(400, "conflicting Content-Length headers");
      }
    }
    size_t length = 0;
    if (const std::string* text = first_length) {
      auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), length);
      if (error != std::errc() || end != text->data() + text->size()) {
        return error_reply(400, "bad Content-Length");
      }
    }
    if (length > m_options.max_body_bytes) return error_reply(413, "request body too large");
    size_t body_start = head_end + 4;
    while (m_data.size() < body_start + length) {
      Read read = read_some();
      if (read == Read::timeout) return error_reply(408, "request body not received in time");
      if (read == Read::closed) return error_reply(400, "incomplete request body");
    }
    std::string body = m_data.substr(body_start, length);
    return handle_verdict_request(m_head, body, m_store, m_options.token);
  }

  void write_all(std::string_view data) {
    auto deadline = Clock::now() + m_options.read_timeout;
    while (!data.empty() && Clock::now() < deadline) {
      pollfd pfd{m_fd, POLLOUT, 0};
      if (::poll(&pfd, 1, static_cast<int>(k_poll_slice.count())) <= 0) continue;
      ssize_t n = ::send(m_fd, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return;
      data.remove_prefix(static_cast<size_t>(n));
    }
  }

  // Closing with unread input makes the kernel send a reset, which can destroy the reply
  // (413, 431) before the client reads it; so half-close and drain briefly first.
  void linger_close() {
    ::shutdown(m_fd, SHUT_WR);
    m_deadline = Clock::now() + std::min(m_options.read_timeout, milliseconds{1000});
    for (size_t drained = 0; drained < 1024 * 1024;) {
      m_data.clear();
      if (read_some() != Read::ok) break;
      drained += m_data.size();
    }
    ::close(m_fd);
  }

  int m_fd;
  const VerdictServerOptions& m_options;
  const VerdictStore& m_store;
  const std::atomic<bool>& m_stopping;
  Admission m_admission;
  Clock::time_point m_deadline;
  std::string m_data;
  RequestHead m_head;
};

class PosixVerdictServer final : public VerdictServer {
 public:
  PosixVerdictServer(const VerdictServerOptions& options, int listen_fd)
      : m_options(options),
        m_store(options.verdict_dir),
        m_listen_fd(listen_fd),
        m_address(bound_address(listen_fd)) {
    if (::pipe2(m_wake, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    m_accept_thread = std::thread([this] { accept_loop(); });
  }
  ~PosixVerdictServer() override { stop(); }

  std::string address() const override { return m_address; }
  int port() const override {
    int port = 0;
    std::string_view text = std::string_view(m_address).substr(m_address.rfind(':') + 1);
    std::from_chars(text.data(), text.data() + text.size(), port);
    return port;
  }

  void stop() override {
    if (m_stopping.exchange(true)) return;
    char byte = 0;
    [[maybe_unused]] ssize_t n = ::write(m_wake[1], &byte, 1);
    if (m_accept_thread.joinable()) m_accept_thread.join();
    std::lock_guard lock(m_mutex);
    for (Worker& worker : m_workers) worker.thread.join();
    m_workers.clear();
    ::close(m_listen_fd);
    ::close(m_wake[0]);
    ::close(m_wake[1]);
  }

 private:
  struct Worker {
    std::thread thread;
    std::atomic<bool> done{false};
    std::string peer;  // the client's address, for the per-client limit
  };

  void accept_loop() {
    while (!m_stopping) {
      pollfd fds[2] = {{m_listen_fd, POLLIN, 0}, {m_wake[0], POLLIN, 0}};
      if (::poll(fds, 2, 1000) <= 0) continue;
      if (fds[1].revents != 0) return;
      sockaddr_storage peer{};
      socklen_t length = sizeof peer;
      int fd = ::accept4(m_listen_fd, reinterpret_cast<sockaddr*>(&peer), &length, SOCK_CLOEXEC);
      if (fd < 0) continue;
      dispatch(fd, peer_host(peer));
    }
  }

  static std::string peer_host(const sockaddr_storage& peer) {
    char host[INET6_ADDRSTRLEN] = "?";
    if (peer.ss_family == AF_INET6) {
      inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&peer)->sin6_addr, host,
                sizeof host);
    } else if (peer.ss_family == AF_INET) {
      inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&peer)->sin_addr, host, sizeof host);
    }
    return host;
  }

  void refuse(int fd) {
    std::string busy = serialize_reply(error_reply(503, "too many connections"));
    [[maybe_unused]] ssize_t n = ::send(fd, busy.data(), busy.size(), MSG_NOSIGNAL);
    ::close(fd);
  }

  // One client (address) may hold at most a quarter of the regular slots, so that it cannot
  // starve the others; beyond every regular slot, a few more connections may ask for /healthz
  // only, with a short deadline.
  void dispatch(int fd, std::string peer) {
    std::lock_guard lock(m_mutex);
    reap_finished();
    int total = static_cast<int>(m_workers.size());
    int mine = static_cast<int>(std::count_if(m_workers.begin(), m_workers.end(),
                                              [&](const Worker& w) { return w.peer == peer; }));
    int per_client = std::max(1, m_options.max_connections / 4);
    Admission admission = Admission::full;
    if (total >= m_options.max_connections || mine >= per_client) {
      admission = Admission::health_only;
    }
    if (total >= m_options.max_connections + k_health_reserve ||
        (admission == Admission::health_only && mine >= per_client + k_health_reserve / 2)) {
      refuse(fd);
      return;
    }
    Worker& worker = m_workers.emplace_back();
    worker.peer = std::move(peer);
    worker.thread = std::thread([this, fd, &worker, admission] {
      Connection(fd, m_options, m_store, m_stopping, admission).serve();
      worker.done = true;
    });
  }

  // REQUIRES: m_mutex held.
  void reap_finished() {
    for (auto it = m_workers.begin(); it != m_workers.end();) {
      if (!it->done) {
        ++it;
        continue;
      }
      it->thread.join();
      it = m_workers.erase(it);
    }
  }

  VerdictServerOptions m_options;
  VerdictStore m_store;
  int m_listen_fd;
  std::string m_address;
  int m_wake[2] = {-1, -1};
  std::atomic<bool> m_stopping{false};
  std::mutex m_mutex;
  std::list<Worker> m_workers;  // a list: workers keep their address while others come and go
  std::thread m_accept_thread;
};

}  // namespace

Result<std::unique_ptr<VerdictServer>> VerdictServer::start(const VerdictServerOptions& options) {
  auto fd = bind_socket(options.listen);
  if (!fd) return fd.error();
  return std::unique_ptr<VerdictServer>(std::make_unique<PosixVerdictServer>(options, *fd));
}

}  // namespace perfgate::webhook
