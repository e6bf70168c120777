// SPDX-License-Identifier: MIT
// InfluxDbServer: Debian's InfluxDB 1.6 (/usr/bin/influxd) started by a test on 127.0.0.1 with
// ephemeral ports (HTTP and the RPC bind address), its meta, data and WAL in a temporary
// directory, usage reporting off; stopped by PID on destruction.
#pragma once

#include <string>

#include "support/server_process.h"
#include "support/test_paths.h"

namespace perfgate::test {

class InfluxDbServer {
 public:
  // Throws std::runtime_error (with influxd's log) when it cannot start.
  InfluxDbServer();
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
