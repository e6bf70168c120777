// SPDX-License-Identifier: MIT
// ServerProcess: a server program (influxd, prometheus) started by a test, its output in a log
// file of the test's temporary directory, stopped by PID (SIGTERM, then SIGKILL) on destruction.
// Loopback only: the caller's configuration binds 127.0.0.1 and ephemeral ports.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace perfgate::test {

class ServerProcess {
 public:
  ServerProcess() = default;
  ~ServerProcess() { stop(); }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Starts argv (argv[0] an absolute path) with stdout and stderr appended to `log_path`, then
  // waits (bounded by `timeout`) until GET http://127.0.0.1:<port><path> answers `status`.
  // Returns false, stopped, when it exits or never gets ready.
  bool start(const std::vector<std::string>& argv, const std::string& log_path, int port,
             const std::string& ready_path, int ready_status, std::chrono::seconds timeout);
  void stop();
  int pid() const { return m_pid; }

 private:
  int m_pid = -1;
};

// The status of GET http://127.0.0.1:<port><path> (HTTP/1.0), or 0 when nothing answers.
int http_status(int port, const std::string& path);

}  // namespace perfgate::test
