// SPDX-License-Identifier: MIT
#include "support/webhook_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/test_paths.h"

namespace perfgate::test {
namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void exec_child(const std::vector<std::string>& argv, const EnvList& env) {
  for (const auto& [name, value] : env) ::setenv(name.c_str(), value.c_str(), 1);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  ::execv(args[0], args.data());
  ::_exit(127);
}

// Waits for `pid` until `deadline`; SIGKILLs it after that. The exit code, or -1.
int wait_bounded(pid_t pid, Clock::time_point deadline) {
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (Clock::now() >= deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const EnvList& env,
                          std::chrono::milliseconds timeout) {
  TempDir dir;
  std::string out_path = dir.file("out");
  std::string err_path = dir.file("err");
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(out, 1);
    ::dup2(err, 2);
    exec_child(argv, env);
  }
  ProcessResult result;
  result.exit_code = wait_bounded(pid, Clock::now() + timeout);
  result.out = slurp(out_path);
  result.err = slurp(err_path);
  return result;
}

ServerProcess::ServerProcess(const std::vector<std::string>& argv) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  m_pid = ::fork();
  if (m_pid < 0) throw std::runtime_error("fork failed");
  if (m_pid == 0) {
    ::dup2(pipe_fds[1], 1);
    exec_child(argv, {});
  }
  ::close(pipe_fds[1]);
  m_stdout = pipe_fds[0];
}

ServerProcess::~ServerProcess() {
  if (m_pid > 0) {
    ::kill(m_pid, SIGKILL);
    ::waitpid(m_pid, nullptr, 0);
  }
  if (m_stdout >= 0) ::close(m_stdout);
}

std::string ServerProcess::wait_for_line(const std::string& prefix,
                                         std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    for (size_t end; (end = m_buffer.find('\n')) != std::string::npos;) {
      std::string line = m_buffer.substr(0, end);
      m_buffer.erase(0, end + 1);
      if (line.rfind(prefix, 0) == 0) return line;
    }
    pollfd pfd{m_stdout, POLLIN, 0};
    if (::poll(&pfd, 1, 100) <= 0) continue;
    char buffer[1024];
    ssize_t n = ::read(m_stdout, buffer, sizeof buffer);
    if (n <= 0) return {};
    m_buffer.append(buffer, static_cast<size_t>(n));
  }
  return {};
}

int ServerProcess::stop(int signal, std::chrono::milliseconds timeout) {
  if (m_pid <= 0) return -1;
  ::kill(m_pid, signal);
  int code = wait_bounded(m_pid, Clock::now() + timeout);
  m_pid = -1;
  return code;
}

}  // namespace perfgate::test
