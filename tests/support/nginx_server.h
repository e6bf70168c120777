// SPDX-License-Identifier: MIT
// NginxServer: Debian's nginx (/usr/sbin/nginx) started by a test on 127.0.0.1 and an ephemeral
// port, from a config written into a temporary directory (its own pid file, error log and
// document root), in the foreground as a single process; stopped by PID on destruction.
#pragma once

#include <string>

#include "support/test_paths.h"

namespace perfgate::test {

struct NginxOptions {
  bool access_log = false;        // log every request to access.log (access_log_lines())
  int worker_connections = 4096;  // raise for 10,000-VU runs
  // Serve HTTPS with HTTP/2 (ALPN) and a self-signed certificate made by `openssl req`;
  // base_url() is then https://. Clients must skip verification (or see a TLS error).
  bool tls = false;
  // Extra `location` blocks for the server, e.g. a delayed endpoint:
  // "location = /slow { echo_sleep 0.010; echo ok; }". Loads Debian's echo module
  // (libnginx-mod-http-echo, which nginx-light depends on).
  std::string locations{};
};

class NginxServer {
 public:
  // Throws std::runtime_error (with nginx's error log) when nginx cannot start.
  explicit NginxServer(NginxOptions options = {});
  ~NginxServer();
  NginxServer(const NginxServer&) = delete;
  NginxServer& operator=(const NginxServer&) = delete;

  int port() const { return m_port; }
  int pid() const { return m_pid; }
  std::string base_url() const;  // "http://127.0.0.1:<port>"
  // Lines in the access log so far (requires access_log); nginx writes each when it finishes.
  size_t access_log_lines() const;
  // The access log's text (requires access_log): the request lines show the protocol
  // ("GET / HTTP/2.0").
  std::string access_log_text() const;

 private:
  bool try_start(int port);
  void make_certificate();
  void stop();

  NginxOptions m_options;
  TempDir m_dir;
  int m_port = 0;
  int m_pid = -1;
};

// A TCP port on 127.0.0.1 that nothing listens on right now (bound to 0, read back, closed).
int unused_port();

}  // namespace perfgate::test
