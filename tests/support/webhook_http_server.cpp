// SPDX-License-Identifier: MIT
#include "support/webhook_http_server.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>

namespace perfgate::test {
namespace {

constexpr size_t k_max_request_bytes = 4 * 1024 * 1024;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

const char* reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 302:
      return "Found";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 404:
      return "Not Found";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

// Reads one request (headers, then Content-Length bytes); false on timeout, EOF or garbage.
bool read_request(int fd, ReceivedRequest& request) {
  std::string data;
  char buffer[8192];
  size_t header_end = std::string::npos;
  size_t content_length = 0;
  while (true) {
    if (header_end == std::string::npos) {
      header_end = data.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        std::string head = data.substr(0, header_end);
        size_t line_end = head.find("\r\n");
        std::string request_line = head.substr(0, line_end);
        size_t sp1 = request_line.find(' ');
        size_t sp2 = request_line.find(' ', sp1 + 1);
        if (sp1 == std::string::npos || sp2 == std::string::npos) return false;
        request.method = request_line.substr(0, sp1);
        request.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
        size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
        while (pos < head.size()) {
          size_t end = head.find("\r\n", pos);
          if (end == std::string::npos) end = head.size();
          std::string line = head.substr(pos, end - pos);
          size_t colon = line.find(':');
          if (colon != std::string::npos) {
            request.headers.emplace_back(lower(line.substr(0, colon)),
                                         trim(std::string_view(line).substr(colon + 1)));
          }
          pos = end + 2;
        }
        if (const std::string* length = request.header("content-length")) {
          auto [end, error] =
              std::from_chars(length->data(), length->data() + length->size(), content_length);
          if (error != std::errc() || content_length > k_max_request_bytes) return false;
        }
      }
    }
    if (header_end != std::string::npos && data.size() >= header_end + 4 + content_length) {
      request.body = data.substr(header_end + 4, content_length);
      return true;
    }
    if (data.size() > k_max_request_bytes) return false;
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return false;
    data.append(buffer, static_cast<size_t>(n));
  }
}

void write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return;  // the client gave up (timeout): nothing to do
    data.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace

const std::string* ReceivedRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return &value;
  }
  return nullptr;
}

WebhookHttpServer::WebhookHttpServer(ServerHandler handler) : m_handler(std::move(handler)) {
  m_listen_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (m_listen_fd < 0 || ::pipe(m_wake_pipe) != 0) throw std::runtime_error("socket/pipe failed");
  int one = 1;
  ::setsockopt(m_listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (::bind(m_listen_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(m_listen_fd, 16) != 0 ||
      ::getsockname(m_listen_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error("cannot listen on 127.0.0.1");
  }
  m_port = ntohs(address.sin_port);
  m_thread = std::thread([this] { serve(); });
}

WebhookHttpServer::~WebhookHttpServer() {
  m_stopping = true;
  char byte = 0;
  [[maybe_unused]] ssize_t written = ::write(m_wake_pipe[1], &byte, 1);
  if (m_thread.joinable()) m_thread.join();
  ::close(m_listen_fd);
  ::close(m_wake_pipe[0]);
  ::close(m_wake_pipe[1]);
}

std::string WebhookHttpServer::url(std::string_view path) const {
  return fmt::format("http://127.0.0.1:{}{}", m_port, path);
}

std::vector<ReceivedRequest> WebhookHttpServer::requests() const {
  std::lock_guard lock(m_mutex);
  return m_requests;
}

size_t WebhookHttpServer::request_count() const {
  std::lock_guard lock(m_mutex);
  return m_requests.size();
}

void WebhookHttpServer::serve() {
  while (!m_stopping) {
    pollfd fds[2] = {{m_listen_fd, POLLIN, 0}, {m_wake_pipe[0], POLLIN, 0}};
    if (::poll(fds, 2, 1000) <= 0) continue;
    if (fds[1].revents != 0) return;
    int fd = ::accept4(m_listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    handle(fd);
    ::close(fd);
  }
}

void WebhookHttpServer::handle(int fd) {
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ReceivedRequest request;
  if (!read_request(fd, request)) return;
  {
    std::lock_guard lock(m_mutex);
    m_requests.push_back(request);
  }
  ServerResponse response = m_handler(request);
  // Sleep in slices so that the destructor never waits for a long delay.
  auto until = std::chrono::steady_clock::now() + response.delay;
  while (!m_stopping && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  if (response.drop_connection || m_stopping) return;
  std::string out = fmt::format("HTTP/1.1 {} {}\r\n", response.status, reason(response.status));
  for (const auto& [name, value] : response.headers) out += fmt::format("{}: {}\r\n", name, value);
  out += fmt::format("Content-Length: {}\r\nConnection: close\r\n\r\n", response.body.size());
  out += response.body;
  write_all(fd, out);
}

int webhook_closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);  // never listened on: connections to it are refused
  return ntohs(address.sin_port);
}

}  // namespace perfgate::test
