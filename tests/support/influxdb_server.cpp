// SPDX-License-Identifier: MIT
#include "support/influxdb_server.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/nginx_server.h"

namespace perfgate::test {

InfluxDbServer::InfluxDbServer() {
  for (int attempt = 0; attempt < 5; ++attempt) {
    if (try_start()) return;
  }
  throw std::runtime_error("influxd did not start: " + log_text());
}

std::string InfluxDbServer::base_url() const {
  return fmt::format("http://127.0.0.1:{}", m_port);
}

std::string InfluxDbServer::log_text() const {
  std::ifstream in(m_dir.file("influxd.log"));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool InfluxDbServer::try_start() {
  m_port = unused_port();
  std::string dir = m_dir.path().string();
  std::ofstream(m_dir.file("influxdb.conf")) << fmt::format(R"(reporting-disabled = true
bind-address = "127.0.0.1:{2}"
[meta]
  dir = "{0}/meta"
[data]
  dir = "{0}/data"
  wal-dir = "{0}/wal"
  query-log-enabled = false
[http]
  bind-address = "127.0.0.1:{1}"
  log-enabled = false
[monitor]
  store-enabled = false
[continuous_queries]
  enabled = false
)",
                                                            dir, m_port, unused_port());
  return m_process.start({"/usr/bin/influxd", "run", "-config", m_dir.file("influxdb.conf")},
                         m_dir.file("influxd.log"), m_port, "/ping", 204, std::chrono::seconds(30));
}

}  // namespace perfgate::test
