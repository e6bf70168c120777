// SPDX-License-Identifier: MIT
#include "support/test_http_server.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <stdexcept>

namespace perfgate::test {
namespace {

using Clock = std::chrono::steady_clock;

int parse_int(std::string_view text) {
  int value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::string_view header_value(std::string_view headers, std::string_view name) {
  size_t at = 0;
  while (at < headers.size()) {
    size_t end = headers.find("\r\n", at);
    if (end == std::string_view::npos) end = headers.size();
    std::string_view line = headers.substr(at, end - at);
    at = end + 2;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon != name.size()) continue;
    bool same = std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) {
      return std::tolower(static_cast<unsigned char>(a)) ==
             std::tolower(static_cast<unsigned char>(b));
    });
    if (!same) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    return value;
  }
  return {};
}

std::string response(int status, std::string_view body) {
  return fmt::format("HTTP/1.1 {} X\r\nContent-Length: {}\r\nContent-Type: text/plain\r\n\r\n{}",
                     status, body.size(), body);
}

}  // namespace

struct TestHttpServer::Connection {
  int fd = -1;
  uint64_t generation = 0;
  std::string in;
  std::string out;
};

struct TestHttpServer::Pending {
  Clock::time_point due;
  int fd;
  uint64_t generation;
  std::string bytes;
  After after;
  bool operator>(const Pending& other) const { return due > other.due; }
};

TestHttpServer::TestHttpServer() {
  m_listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1;
  setsockopt(m_listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (bind(m_listen_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      listen(m_listen_fd, 4096) != 0 ||
      getsockname(m_listen_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error(fmt::format("test server: bind/listen: {}", std::strerror(errno)));
  }
  m_port = ntohs(address.sin_port);
  m_epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  m_wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = m_listen_fd;
  epoll_ctl(m_epoll_fd, EPOLL_CTL_ADD, m_listen_fd, &event);
  event.data.fd = m_wake_fd;
  epoll_ctl(m_epoll_fd, EPOLL_CTL_ADD, m_wake_fd, &event);
  m_thread = std::thread([this] { serve(); });
}

TestHttpServer::~TestHttpServer() {
  uint64_t one = 1;
  [[maybe_unused]] ssize_t written = write(m_wake_fd, &one, sizeof one);
  m_thread.join();
  for (Connection* connection : m_connections) {
    if (connection != nullptr) {
      close(connection->fd);
      delete connection;
    }
  }
  close(m_listen_fd);
  close(m_epoll_fd);
  close(m_wake_fd);
}

std::string TestHttpServer::base_url() const {
  return fmt::format("http://127.0.0.1:{}", m_port);
}

void TestHttpServer::stall(std::chrono::milliseconds after, std::chrono::milliseconds length) {
  std::lock_guard lock(m_mutex);
  m_stall_from = Clock::now() + after;
  m_stall_until = m_stall_from + length;
}

std::vector<LoggedRequest> TestHttpServer::requests() const {
  std::lock_guard lock(m_mutex);
  return m_log;
}

size_t TestHttpServer::request_count() const {
  std::lock_guard lock(m_mutex);
  return m_log.size();
}

size_t TestHttpServer::count(std::string_view prefix) const {
  std::lock_guard lock(m_mutex);
  return static_cast<size_t>(std::count_if(m_log.begin(), m_log.end(), [&](const LoggedRequest& r) {
    return r.target.compare(0, prefix.size(), prefix) == 0;
  }));
}

int TestHttpServer::timeout_ms() const {
  if (m_pending.empty()) return 100;
  auto wait = std::chrono::ceil<std::chrono::milliseconds>(m_pending.front().due - Clock::now());
  return static_cast<int>(std::clamp<int64_t>(wait.count(), 0, 100));
}

void TestHttpServer::serve() {
  std::vector<epoll_event> events(256);
  while (true) {
    int count =
        epoll_wait(m_epoll_fd, events.data(), static_cast<int>(events.size()), timeout_ms());
    for (int i = 0; i < count; ++i) {
      int fd = events[static_cast<size_t>(i)].data.fd;
      if (fd == m_wake_fd) return;
      if (fd == m_listen_fd) {
        accept_all();
        continue;
      }
      if (events[static_cast<size_t>(i)].events & EPOLLOUT) {
        if (static_cast<size_t>(fd) < m_connections.size() &&
            m_connections[static_cast<size_t>(fd)]) {
          write_out(*m_connections[static_cast<size_t>(fd)]);
        }
      }
      if (events[static_cast<size_t>(i)].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) on_readable(fd);
    }
    send_due();
  }
}

void TestHttpServer::accept_all() {
  while (true) {
    int fd = accept4(m_listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (m_connections.size() <= static_cast<size_t>(fd))
      m_connections.resize(static_cast<size_t>(fd) + 1);
    auto* connection = new Connection{fd, m_next_generation++, {}, {}};
    m_connections[static_cast<size_t>(fd)] = connection;
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = fd;
    epoll_ctl(m_epoll_fd, EPOLL_CTL_ADD, fd, &event);
  }
}

void TestHttpServer::on_readable(int fd) {
  if (static_cast<size_t>(fd) >= m_connections.size() || !m_connections[static_cast<size_t>(fd)])
    return;
  Connection& connection = *m_connections[static_cast<size_t>(fd)];
  char buffer[16384];
  while (true) {
    ssize_t got = read(fd, buffer, sizeof buffer);
    if (got > 0) {
      connection.in.append(buffer, static_cast<size_t>(got));
      continue;
    }
    if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
      close_connection(fd, false);
      return;
    }
    break;
  }
  // Every complete request in the buffer (clients may pipeline).
  while (true) {
    size_t head_end = connection.in.find("\r\n\r\n");
    if (head_end == std::string::npos) return;
    std::string_view head(connection.in.data(), head_end);
    size_t line_end = head.find("\r\n");
    std::string_view request_line = head.substr(0, line_end);
    std::string_view headers =
        line_end == std::string_view::npos ? std::string_view{} : head.substr(line_end + 2);
    size_t length = static_cast<size_t>(parse_int(header_value(headers, "Content-Length")));
    if (connection.in.size() < head_end + 4 + length) return;
    LoggedRequest request;
    size_t space = request_line.find(' ');
    size_t space2 = request_line.find(' ', space + 1);
    request.method = std::string(request_line.substr(0, space));
    request.target = std::string(request_line.substr(space + 1, space2 - space - 1));
    request.headers = std::string(headers);
    request.body = connection.in.substr(head_end + 4, length);
    request.received = Clock::now();
    connection.in.erase(0, head_end + 4 + length);
    handle_request(connection, std::move(request));
    if (static_cast<size_t>(fd) >= m_connections.size() ||
        m_connections[static_cast<size_t>(fd)] == nullptr)
      return;
  }
}

void TestHttpServer::handle_request(Connection& connection, LoggedRequest request) {
  {
    std::lock_guard lock(m_mutex);
    m_log.push_back(request);
  }
  auto now = Clock::now();
  std::string_view target = request.target;
  int fd = connection.fd;
  uint64_t generation = connection.generation;
  if (request.method == "HEAD") {
    // The headers of the GET response, no body.
    std::string full = response(200, "ok");
    schedule(fd, generation, full.substr(0, full.size() - 2), now, After::keep);
  } else if (target.starts_with("/chunked")) {
    schedule(fd, generation,
             "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
             "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
             now, After::keep);
  } else if (target.starts_with("/close")) {
    schedule(fd, generation, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the close", now,
             After::close);
  } else if (target.starts_with("/early-hints")) {
    schedule(
        fd, generation,
        "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n" + response(200, "ok"),
        now, After::keep);
  } else if (target.starts_with("/trickle/")) {
    std::string full = response(200, "0123456789abcdef");
    auto pause = std::chrono::milliseconds(parse_int(target.substr(9)));
    for (size_t at = 0, piece = 0; at < full.size(); at += 7, ++piece) {
      schedule(fd, generation, full.substr(at, 7), now + pause * piece, After::keep);
    }
  } else if (target.starts_with("/cut")) {
    std::string full = response(200, "0123456789abcdef");
    schedule(fd, generation, full.substr(0, full.size() - 8), now, After::reset);
  } else if (target.starts_with("/delay/")) {
    schedule(fd, generation, response(200, "ok"),
             now + std::chrono::milliseconds(parse_int(target.substr(7))), After::keep);
  } else if (target.starts_with("/status/")) {
    schedule(fd, generation, response(parse_int(target.substr(8)), "status"), now, After::keep);
  } else if (target.starts_with("/reset")) {
    close_connection(fd, true);
  } else if (target.starts_with("/slow/")) {
    std::string full = response(200, "0123456789abcdef");
    std::string first = full.substr(0, full.size() - 8);
    schedule(fd, generation, first, now, After::keep);
    schedule(fd, generation, full.substr(full.size() - 8),
             now + std::chrono::milliseconds(parse_int(target.substr(6))), After::keep);
  } else if (target.starts_with("/login")) {
    schedule(fd, generation, response(200, fmt::format("{{\"token\":\"tok-{}\"}}", ++m_tokens)),
             now, After::keep);
  } else if (target.starts_with("/secure")) {
    std::string_view auth = header_value(request.headers, "Authorization");
    bool known = false;
    if (auth.starts_with("Bearer tok-")) {
      int n = parse_int(auth.substr(11));
      known = n >= 1 && n <= m_tokens;
    }
    schedule(fd, generation, response(known ? 200 : 401, known ? "secret" : "who are you"), now,
             After::keep);
  } else if (target.starts_with("/hostile")) {
    // A hostile target: a value that, rendered raw into a header, smuggles a second request.
    schedule(fd, generation,
             response(200, R"({"tok":"v1\r\nContent-Length: 0\r\n\r\nGET /SMUGGLED HTTP/1.1\r\n)"
                           R"(Host: x\r\n\r\n","nul":"a\u0000b"})"),
             now, After::keep);
  } else if (target.starts_with("/echo")) {
    schedule(fd, generation, response(200, request.body), now, After::keep);
  } else {
    schedule(fd, generation, response(200, "ok"), now, After::keep);
  }
}

void TestHttpServer::schedule(int fd, uint64_t generation, std::string bytes, Clock::time_point due,
                              After after) {
  {
    std::lock_guard lock(m_mutex);
    if (due >= m_stall_from && due < m_stall_until) due = m_stall_until;
  }
  m_pending.push_back(Pending{due, fd, generation, std::move(bytes), after});
  std::push_heap(m_pending.begin(), m_pending.end(), std::greater<>());
  send_due();
}

void TestHttpServer::send_due() {
  auto now = Clock::now();
  while (!m_pending.empty() && m_pending.front().due <= now) {
    std::pop_heap(m_pending.begin(), m_pending.end(), std::greater<>());
    Pending pending = std::move(m_pending.back());
    m_pending.pop_back();
    size_t fd = static_cast<size_t>(pending.fd);
    if (fd >= m_connections.size() || m_connections[fd] == nullptr ||
        m_connections[fd]->generation != pending.generation) {
      continue;  // the client went away meanwhile
    }
    m_connections[fd]->out += pending.bytes;
    write_out(*m_connections[fd]);
    // Only a fully written response is closed after (the routes that close send little).
    if (pending.after != After::keep && m_connections[fd] != nullptr &&
        (pending.after == After::reset || m_connections[fd]->out.empty())) {
      close_connection(pending.fd, pending.after == After::reset);
    }
  }
}

void TestHttpServer::write_out(Connection& connection) {
  while (!connection.out.empty()) {
    ssize_t sent = send(connection.fd, connection.out.data(), connection.out.size(), MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      close_connection(connection.fd, false);
      return;
    }
    connection.out.erase(0, static_cast<size_t>(sent));
  }
  epoll_event event{};
  event.events = EPOLLIN | (connection.out.empty() ? 0u : static_cast<uint32_t>(EPOLLOUT));
  event.data.fd = connection.fd;
  epoll_ctl(m_epoll_fd, EPOLL_CTL_MOD, connection.fd, &event);
}

void TestHttpServer::close_connection(int fd, bool reset) {
  if (reset) {
    linger option{1, 0};  // close with RST instead of FIN
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, sizeof option);
  }
  epoll_ctl(m_epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
  close(fd);
  delete m_connections[static_cast<size_t>(fd)];
  m_connections[static_cast<size_t>(fd)] = nullptr;
}

}  // namespace perfgate::test
