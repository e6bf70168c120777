// SPDX-License-Identifier: MIT
// Running the real perf-gate binary from tests: once to completion (bounded), or as a server
// that is read until it says where it listens and then stopped with a signal. Every child is
// killed by its PID if it outlives its test.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace perfgate::test {

using EnvList = std::vector<std::pair<std::string, std::string>>;

struct ProcessResult {
  int exit_code = -1;  // -1: killed after the timeout or by a signal
  std::string out;
  std::string err;
};

// Runs `argv` with `env` added to this process's environment; kills it after `timeout`.
ProcessResult run_process(const std::vector<std::string>& argv, const EnvList& env = {},
                          std::chrono::milliseconds timeout = std::chrono::seconds{60});

class ServerProcess {
 public:
  // Starts `argv` with stdout on a pipe.
  explicit ServerProcess(const std::vector<std::string>& argv);
  ~ServerProcess();  // SIGKILL and reap, if still running
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // The first stdout line that starts with `prefix`, read for at most `timeout`; empty if none.
  std::string wait_for_line(const std::string& prefix, std::chrono::milliseconds timeout);
  // Sends `signal` and waits up to `timeout` for the exit; the exit code, or -1.
  int stop(int signal, std::chrono::milliseconds timeout);

 private:
  pid_t m_pid = -1;
  int m_stdout = -1;
  std::string m_buffer;
};

}  // namespace perfgate::test
