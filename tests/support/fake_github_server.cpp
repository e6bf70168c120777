// SPDX-License-Identifier: MIT
// FakeGitHubServer's sockets, HTTP/1.1 framing, header checks and fault injection; the REST
// routes and state are in fake_github_routes.cpp.
#include "support/fake_github_server.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "support/fake_github_request.h"

namespace perfgate::test {
namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr auto k_idle_limit = std::chrono::seconds(30);  // a silent connection is dropped
constexpr size_t k_max_request_bytes = 8 * 1024 * 1024;

const char* reason(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 409:
      return "Conflict";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    default:
      return "Status";
  }
}

bool send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Reads until `buffer` holds `wanted` bytes; false on EOF, error, stop or idleness.
bool read_until(int fd, std::string& buffer, const std::function<bool()>& complete,
                const std::atomic<bool>& stopping) {
  auto deadline = Clock::now() + k_idle_limit;
  while (!complete()) {
    if (stopping || Clock::now() > deadline || buffer.size() > k_max_request_bytes) return false;
    pollfd pfd{fd, POLLIN, 0};
    int ready = ::poll(&pfd, 1, 100);
    if (ready <= 0) continue;
    char chunk[16384];
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<size_t>(n));
  }
  return true;
}

bool matches(const Fault& fault, const FakeRequest& request) {
  if (!fault.method.empty() && fault.method != request.method) return false;
  return fault.path_contains.empty() || request.path.find(fault.path_contains) != std::string::npos;
}

}  // namespace

FakeGitHubServer::FakeGitHubServer(FakeGitHubConfig config) : m_config(std::move(config)) {
  m_listen_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (m_listen_fd < 0) throw std::runtime_error("fake github: socket failed");
  int one = 1;
  ::setsockopt(m_listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(m_listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(m_listen_fd, 64) != 0 ||
      ::getsockname(m_listen_fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(m_listen_fd);
    throw std::runtime_error("fake github: cannot listen on 127.0.0.1");
  }
  m_port = ntohs(addr.sin_port);
  m_branches[m_config.default_branch].head = next_commit_sha();
  m_acceptor = std::thread([this] { accept_loop(); });
}

FakeGitHubServer::~FakeGitHubServer() {
  m_stopping = true;
  ::shutdown(m_listen_fd, SHUT_RDWR);
  m_acceptor.join();
  ::close(m_listen_fd);
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(m_mutex);
    for (int fd : m_connection_fds) ::shutdown(fd, SHUT_RDWR);
    threads.swap(m_connections);
  }
  for (std::thread& t : threads) t.join();
  for (int fd : m_connection_fds) ::close(fd);
}

std::string FakeGitHubServer::api_url() const {
  return fmt::format("http://127.0.0.1:{}", m_port);
}

void FakeGitHubServer::accept_loop() {
  while (!m_stopping) {
    pollfd pfd{m_listen_fd, POLLIN, 0};
    if (::poll(&pfd, 1, 100) <= 0) continue;
    int fd = ::accept4(m_listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    std::lock_guard lock(m_mutex);
    m_connection_fds.push_back(fd);
    m_connections.emplace_back([this, fd] { serve_connection(fd); });
  }
}

void FakeGitHubServer::serve_connection(int fd) {
  std::string buffer;
  while (!m_stopping) {
    size_t header_end = std::string::npos;
    auto have_headers = [&] { return (header_end = buffer.find("\r\n\r\n")) != std::string::npos; };
    if (!read_until(fd, buffer, have_headers, m_stopping)) break;
    auto request = parse_request_head(buffer.substr(0, header_end));
    buffer.erase(0, header_end + 4);
    if (!request) break;
    if (request->header("expect") == "100-continue" &&
        !send_all(fd, "HTTP/1.1 100 Continue\r\n\r\n"))
      break;
    size_t length = request->content_length();
    if (!read_until(
            fd, buffer, [&] { return buffer.size() >= length; }, m_stopping))
      break;
    request->body = buffer.substr(0, length);
    request->raw += request->body;
    buffer.erase(0, length);
    Response response = handle(*request);
    for (auto end = Clock::now() + response.delay; Clock::now() < end && !m_stopping;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::string body = response.empty_body ? "" : response.body.dump();
    std::string head = fmt::format("HTTP/1.1 {} {}\r\nContent-Length: {}\r\n", response.status,
                                   reason(response.status), body.size());
    if (!body.empty()) head += "Content-Type: application/json; charset=utf-8\r\n";
    for (const auto& [name, value] : response.headers)
      head += fmt::format("{}: {}\r\n", name, value);
    if (!send_all(fd, head + "\r\n" + body)) break;
    if (request->header("connection") == "close") break;
  }
  ::shutdown(fd, SHUT_RDWR);
}

FakeGitHubServer::Response FakeGitHubServer::handle(const FakeRequest& request) {
  Response response;
  if (auto rejected = check_headers(request)) {
    response = std::move(*rejected);
  } else {
    std::chrono::milliseconds delay{0};
    auto fault = take_fault(request, delay);
    response = fault ? std::move(*fault) : route(request);
    response.delay = delay;
  }
  auto reset = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch() + std::chrono::hours(1));
  bool has_rate_headers =
      std::any_of(response.headers.begin(), response.headers.end(),
                  [](const auto& h) { return h.first == "x-ratelimit-remaining"; });
  if (!has_rate_headers) {
    response.headers.insert(response.headers.end(),
                            {{"x-ratelimit-limit", "1000"},
                             {"x-ratelimit-remaining", "999"},
                             {"x-ratelimit-reset", std::to_string(reset.count())},
                             {"x-ratelimit-resource", "core"}});
  }
  std::lock_guard lock(m_mutex);
  RecordedRequest record{request.method,  request.target, request.path,
                         request.headers, request.body,   response.status};
  m_requests.push_back(std::move(record));
  return response;
}

std::optional<FakeGitHubServer::Response> FakeGitHubServer::check_headers(
    const FakeRequest& request) {
  std::lock_guard lock(m_mutex);
  // The token may appear only in the Authorization header, never in the URL or the body.
  std::string lowered = lower_ascii(request.raw);
  if (auto pos = lowered.find("\r\nauthorization:"); pos != std::string::npos) {
    lowered.erase(pos, lowered.find("\r\n", pos + 2) - pos);
  }
  if (lowered.find(lower_ascii(m_config.token)) != std::string::npos) m_token_leaked = true;
  auto reject = [&](int status, const std::string& message) {
    m_violations.push_back(fmt::format("{} {}: {}", request.method, request.target, message));
    Response response;
    response.status = status;
    response.body = {{"message", message}, {"documentation_url", "https://docs.github.com/rest"}};
    return response;
  };
  if (request.header("user-agent").empty()) return reject(403, "missing User-Agent header");
  if (request.header("accept") != "application/vnd.github+json") {
    return reject(
        400, "Accept must be application/vnd.github+json, got '" + request.header("accept") + "'");
  }
  if (request.header("x-github-api-version") != "2022-11-28") {
    return reject(400, "X-GitHub-Api-Version must be 2022-11-28");
  }
  if (request.header("authorization") != "Bearer " + m_config.token)
    return reject(401, "Bad credentials");
  if (!request.body.empty() && request.header("content-type").rfind("application/json", 0) != 0) {
    return reject(400, "a request body needs Content-Type: application/json");
  }
  if (auto per_page = request.query_int("per_page");
      per_page && (*per_page < 1 || *per_page > 100)) {
    return reject(422, "per_page must be 1..100");
  }
  return std::nullopt;
}

std::optional<FakeGitHubServer::Response> FakeGitHubServer::take_fault(
    const FakeRequest& request, std::chrono::milliseconds& delay) {
  std::lock_guard lock(m_mutex);
  auto it = std::find_if(m_faults.begin(), m_faults.end(),
                         [&](const Fault& f) { return f.times > 0 && matches(f, request); });
  if (it == m_faults.end()) return std::nullopt;
  Fault fault = *it;
  if (--it->times == 0) m_faults.erase(it);
  Response response;
  auto now = std::chrono::system_clock::now().time_since_epoch();
  auto reset = std::chrono::duration_cast<std::chrono::seconds>(now + fault.reset_after);
  switch (fault.kind) {
    case FaultKind::slow:
      delay = fault.delay;
      return std::nullopt;
    case FaultKind::internal_error:
      response.status = 500;
      response.body = {{"message", "Server Error"}};
      break;
    case FaultKind::bad_gateway:
      response.status = 502;
      response.empty_body = true;
      break;
    case FaultKind::primary_rate_limit:
      response.status = 403;
      response.body = {
          {"message", "API rate limit exceeded for installation ID 1."},
          {"documentation_url",
           "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api"}};
      response.headers = {{"x-ratelimit-limit", "1000"},
                          {"x-ratelimit-remaining", "0"},
                          {"x-ratelimit-used", "1000"},
                          {"x-ratelimit-reset", std::to_string(reset.count())},
                          {"x-ratelimit-resource", "core"}};
      break;
    case FaultKind::secondary_rate_limit:
      response.status = 403;
      response.body = {{"message",
                        "You have exceeded a secondary rate limit. Please wait a few minutes "
                        "before you try again."}};
      response.headers = {{"retry-after", std::to_string(fault.retry_after.count())}};
      break;
    case FaultKind::too_many_requests:
      response.status = 429;
      response.body = {{"message", "Too many requests"}};
      response.headers = {{"retry-after", std::to_string(fault.retry_after.count())}};
      break;
  }
  return response;
}

void FakeGitHubServer::inject(Fault fault) {
  std::lock_guard lock(m_mutex);
  m_faults.push_back(std::move(fault));
}

std::vector<RecordedRequest> FakeGitHubServer::requests() const {
  std::lock_guard lock(m_mutex);
  return m_requests;
}

std::vector<std::string> FakeGitHubServer::violations() const {
  std::lock_guard lock(m_mutex);
  return m_violations;
}

bool FakeGitHubServer::token_leaked() const {
  std::lock_guard lock(m_mutex);
  return m_token_leaked;
}

}  // namespace perfgate::test
