// SPDX-License-Identifier: MIT
// VerdictServer: the HTTP/1.1 server behind `perf-gate serve` (routes in verdict_api.h).
// One accept thread and one short-lived thread per connection; one request per connection
// ("Connection: close"). Every connection is bounded: the request head in size (431) and time
// (408), the body in size (413, by Content-Length; chunked bodies are refused with 411, two
// different Content-Lengths with 400). One client address holds at most max_connections / 4
// regular connections; beyond its share, or beyond max_connections in all, a few more
// connections are read with a 1 s deadline and may only ask for /healthz (anything else: 503),
// so health checks answer while slow clients hold the regular slots.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "perfgate/util/result.h"

namespace perfgate::webhook {

struct VerdictServerOptions {
  // Directory of verdict files (see verdict_store.h).
  std::string verdict_dir;
  // "IPv4:port" or "[IPv6]:port", numeric only; port 0 picks a free port (see port()).
  std::string listen = "127.0.0.1:8080";
  // When non-empty, requests need "Authorization: Bearer <token>".
  std::string token;
  // Bounds per connection.
  std::size_t max_head_bytes = 8 * 1024;
  std::size_t max_body_bytes = 64 * 1024;
  std::chrono::milliseconds read_timeout{5000};  // for the whole request head and body
  int max_connections = 32;
};

class VerdictServer {
 public:
  // Binds and starts serving. bad_input for a malformed listen address, runtime for a socket
  // that cannot be bound (in use, no permission).
  static Result<std::unique_ptr<VerdictServer>> start(const VerdictServerOptions& options);
  virtual ~VerdictServer() = default;

  // The bound address, e.g. "127.0.0.1:43211" (the real port when 0 was asked for).
  virtual std::string address() const = 0;
  virtual int port() const = 0;
  // Stops accepting, waits for open connections to finish (bounded by read_timeout), closes.
  // Idempotent; the destructor calls it.
  virtual void stop() = 0;
};

}  // namespace perfgate::webhook
