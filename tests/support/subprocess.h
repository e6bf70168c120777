// SPDX-License-Identifier: MIT
// Runs a program (usually the built perf-gate) as a child process, for end-to-end tests:
// captures stdout and stderr, sets the environment, bounds the run time, returns the exit code.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace perfgate::test {

struct ProcessResult {
  int exit_code = -1;      // the exit status, or 128 + signal when killed by one
  bool timed_out = false;  // killed because it outlived the time limit
  std::string out;
  std::string err;
};

struct ProcessOptions {
  std::map<std::string, std::string> env;  // added to (or overriding) this process's environment
  std::vector<std::string> unset_env;      // removed from the child's environment
  std::string working_dir;                 // empty: the current directory
  std::string stdin_data;                  // written to the child's stdin, which is then closed
  std::chrono::seconds timeout{120};       // SIGKILL after this
};

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// run_process with the built perf-gate as argv[0].
ProcessResult run_perf_gate(const std::vector<std::string>& args,
                            const ProcessOptions& options = {});

// A child that keeps running while the test talks to it; killed (SIGKILL) and reaped on
// destruction.
class BackgroundProcess {
 public:
  BackgroundProcess(const std::vector<std::string>& argv, const ProcessOptions& options = {});
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;
  int pid() const { return m_pid; }
  void signal(int signal_number);
  // Waits for the exit (up to `timeout`) and returns the collected output.
  ProcessResult wait(std::chrono::seconds timeout);
  // Blocks until `needle` appears on stderr or stdout (or the timeout): for "listening on …".
  std::optional<std::string> wait_for_output(const std::string& needle,
                                             std::chrono::seconds timeout);

 private:
  void pump(std::chrono::milliseconds max_wait);
  int m_pid = -1;
  int m_out_fd = -1;
  int m_err_fd = -1;
  bool m_reaped = false;
  ProcessResult m_result;
};

}  // namespace perfgate::test
