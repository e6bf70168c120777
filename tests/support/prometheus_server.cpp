// SPDX-License-Identifier: MIT
#include "support/prometheus_server.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/nginx_server.h"

namespace perfgate::test {

PrometheusServer::PrometheusServer() {
  std::ofstream(m_dir.file("prometheus.yml")) << "global: {}\n";  // no scrape targets
  for (int attempt = 0; attempt < 5; ++attempt) {
    if (try_start()) return;
  }
  throw std::runtime_error("prometheus did not start: " + log_text());
}

std::string PrometheusServer::base_url() const {
  return fmt::format("http://127.0.0.1:{}", m_port);
}

std::string PrometheusServer::log_text() const {
  std::ifstream in(m_dir.file("prometheus.log"));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool PrometheusServer::try_start() {
  m_port = unused_port();
  return m_process.start({"/usr/bin/prometheus", "--config.file=" + m_dir.file("prometheus.yml"),
                          "--storage.tsdb.path=" + m_dir.file("data"),
                          fmt::format("--web.listen-address=127.0.0.1:{}", m_port),
                          "--web.enable-remote-write-receiver"},
                         m_dir.file("prometheus.log"), m_port, "/-/ready", 200,
                         std::chrono::seconds(30));
}

}  // namespace perfgate::test
