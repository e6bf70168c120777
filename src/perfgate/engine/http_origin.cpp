// SPDX-License-Identifier: MIT
#include "perfgate/engine/http_origin.h"

#include <fmt/format.h>
#include <netdb.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace perfgate::engine {
namespace {

constexpr std::string_view k_scheme = "http://";

struct Authority {
  std::string_view name;  // without IPv6 brackets
  std::string_view host;  // as written, brackets kept
  int port = 80;
};

Result<Authority> parse_authority(std::string_view authority) {
  Authority out;
  std::string_view port_text;
  if (authority.starts_with('[')) {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return Error::bad_input("unclosed '[' in the target");
    out.host = authority.substr(0, close + 1);
    out.name = authority.substr(1, close - 1);
    std::string_view rest = authority.substr(close + 1);
    if (rest.starts_with(':')) port_text = rest.substr(1);
  } else {
    size_t colon = authority.rfind(':');
    out.host = authority.substr(0, colon);
    out.name = out.host;
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (!port_text.empty()) {
    auto [end, error] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), out.port);
    if (error != std::errc() || end != port_text.data() + port_text.size() || out.port < 1 ||
        out.port > 65535) {
      return Error::bad_input(fmt::format("bad port '{}' in the target", port_text));
    }
  }
  if (out.name.empty()) return Error::bad_input("the target names no host");
  return out;
}

// Whether `entry` accepts a TCP connection within `timeout_ms` (the connection is closed at once,
// before any byte is sent: the server sees no request).
bool accepts_connection(const addrinfo& entry, int timeout_ms) {
  int fd = socket(entry.ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  bool accepted = connect(fd, entry.ai_addr, entry.ai_addrlen) == 0;
  if (!accepted && errno == EINPROGRESS) {
    pollfd waiting{fd, POLLOUT, 0};
    int error = 0;
    socklen_t length = sizeof error;
    accepted = poll(&waiting, 1, timeout_ms) == 1 &&
               getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0;
  }
  close(fd);
  return accepted;
}

bool is_localhost(std::string_view name) {
  constexpr std::string_view k_localhost = "localhost";
  return name.size() == k_localhost.size() &&
         std::equal(name.begin(), name.end(), k_localhost.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

}  // namespace

namespace detail {

// The address to connect to. IPv4 first (loopback servers mostly listen on 127.0.0.1), then the
// rest in the resolver's order. A name with several addresses (`localhost`: 127.0.0.1 and ::1)
// takes the first that accepts a connection now, as libcurl would find by trying each; when
// none does (the target is not up yet), the first, whose errors the run then reports.
const addrinfo* first_accepting(const std::vector<const addrinfo*>& entries) {
  std::vector<const addrinfo*> candidates;
  for (const addrinfo* entry : entries) {
    if (entry->ai_family == AF_INET) candidates.push_back(entry);
  }
  for (const addrinfo* entry : entries) {
    if (entry->ai_family != AF_INET) candidates.push_back(entry);
  }
  if (candidates.size() == 1) return candidates.front();
  constexpr int k_probe_timeout_ms = 1000;
  for (const addrinfo* entry : candidates) {
    if (accepts_connection(*entry, k_probe_timeout_ms)) return entry;
  }
  return candidates.front();
}

}  // namespace detail

Result<HttpOrigin> resolve_origin(const std::string& target) {
  if (!std::string_view(target).starts_with(k_scheme)) {
    return Error::bad_input(fmt::format("target '{}' is not an http:// URL", target));
  }
  std::string_view rest = std::string_view(target).substr(k_scheme.size());
  size_t authority_end = std::min(rest.find_first_of("/?#"), rest.size());
  auto authority = parse_authority(rest.substr(0, authority_end));
  if (!authority) return authority.error();
  HttpOrigin origin;
  origin.origin_length = k_scheme.size() + authority_end;
  origin.host = std::string(authority->host);
  if (authority->port != 80) origin.host += fmt::format(":{}", authority->port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  std::string name(authority->name);
  std::string port = std::to_string(authority->port);
  // `localhost` is both loopback addresses whatever the hosts file says, as libcurl resolves it
  // (a development server may listen on ::1 only).
  std::vector<std::string> names{name};
  if (is_localhost(name)) names = {"127.0.0.1", "::1"};
  std::vector<std::unique_ptr<addrinfo, decltype(&freeaddrinfo)>> lists;
  std::vector<const addrinfo*> entries;
  std::string failure;
  for (const std::string& each : names) {
    addrinfo* found = nullptr;
    if (int code = getaddrinfo(each.c_str(), port.c_str(), &hints, &found); code != 0) {
      failure = gai_strerror(code);
      continue;
    }
    lists.emplace_back(found, &freeaddrinfo);
    for (const addrinfo* entry = found; entry != nullptr; entry = entry->ai_next) {
      entries.push_back(entry);
    }
  }
  if (entries.empty()) {
    return Error::runtime(fmt::format("cannot resolve '{}': {}", name, failure));
  }
  const addrinfo* chosen = detail::first_accepting(entries);
  std::memcpy(&origin.address, chosen->ai_addr, chosen->ai_addrlen);
  origin.address_length = chosen->ai_addrlen;
  return origin;
}

}  // namespace perfgate::engine
