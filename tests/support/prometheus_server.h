// SPDX-License-Identifier: MIT
// PrometheusServer: Debian's Prometheus 2.42 (/usr/bin/prometheus) started by a test on
// 127.0.0.1 and an ephemeral port with --web.enable-remote-write-receiver, no scrape targets,
// its TSDB in a temporary directory; stopped by PID on destruction.
#pragma once

#include <string>

#include "support/server_process.h"
#include "support/test_paths.h"

namespace perfgate::test {

class PrometheusServer {
 public:
  // Throws std::runtime_error (with Prometheus' log) when it cannot start.
  PrometheusServer();
  int port() const { return m_port; }
  std::string base_url() const;  // "http://127.0.0.1:<port>"
  std::string log_text() const;

 private:
  bool try_start();
  TempDir m_dir;
  int m_port = 0;
  ServerProcess m_process;
};

}  // namespace perfgate::test
