// SPDX-License-Identifier: MIT
#include "support/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <thread>

#include "support/test_paths.h"

extern char** environ;

namespace perfgate::test {
namespace {

std::vector<std::string> child_environment(const ProcessOptions& options) {
  std::map<std::string, std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string text(*entry);
    auto eq = text.find('=');
    if (eq != std::string::npos) env[text.substr(0, eq)] = text.substr(eq + 1);
  }
  for (const auto& name : options.unset_env) env.erase(name);
  for (const auto& [name, value] : options.env) env[name] = value;
  std::vector<std::string> out;
  for (const auto& [name, value] : env) out.push_back(name + "=" + value);
  return out;
}

int spawn(const std::vector<std::string>& argv, const ProcessOptions& options, int& out_fd,
          int& err_fd) {
  int out_pipe[2], err_pipe[2], in_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0 ||
      pipe2(in_pipe, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  std::vector<std::string> env = child_environment(options);
  std::vector<char*> env_ptrs, arg_ptrs;
  for (auto& e : env) env_ptrs.push_back(e.data());
  env_ptrs.push_back(nullptr);
  std::vector<std::string> args = argv;
  for (auto& a : args) arg_ptrs.push_back(a.data());
  arg_ptrs.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(in_pipe[0], STDIN_FILENO);
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(err_pipe[1], STDERR_FILENO);
    if (!options.working_dir.empty() && chdir(options.working_dir.c_str()) != 0) _exit(126);
    execve(arg_ptrs[0], arg_ptrs.data(), env_ptrs.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  close(in_pipe[0]);
  // Small inputs only (tests): written at once, then closed so the child sees EOF.
  if (!options.stdin_data.empty()) {
    ssize_t ignored = write(in_pipe[1], options.stdin_data.data(), options.stdin_data.size());
    (void)ignored;
  }
  close(in_pipe[1]);
  out_fd = out_pipe[0];
  err_fd = err_pipe[0];
  return pid;
}

}  // namespace

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv,
                                     const ProcessOptions& options) {
  m_pid = spawn(argv, options, m_out_fd, m_err_fd);
}

BackgroundProcess::~BackgroundProcess() {
  if (!m_reaped && m_pid > 0) {
    kill(m_pid, SIGKILL);
    waitpid(m_pid, nullptr, 0);
  }
  if (m_out_fd >= 0) close(m_out_fd);
  if (m_err_fd >= 0) close(m_err_fd);
}

void BackgroundProcess::signal(int signal_number) {
  if (!m_reaped) kill(m_pid, signal_number);
}

void BackgroundProcess::pump(std::chrono::milliseconds max_wait) {
  pollfd fds[2] = {{m_out_fd, POLLIN, 0}, {m_err_fd, POLLIN, 0}};
  if (poll(fds, 2, static_cast<int>(max_wait.count())) <= 0) return;
  char buffer[8192];
  for (int i = 0; i < 2; ++i) {
    if ((fds[i].revents & (POLLIN | POLLHUP)) == 0 || fds[i].fd < 0) continue;
    ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
    if (n > 0) (i == 0 ? m_result.out : m_result.err).append(buffer, static_cast<size_t>(n));
    if (n == 0) {
      close(fds[i].fd);
      (i == 0 ? m_out_fd : m_err_fd) = -1;
    }
  }
}

ProcessResult BackgroundProcess::wait(std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!m_reaped) {
    if (m_out_fd >= 0 || m_err_fd >= 0) {
      pump(std::chrono::milliseconds(50));
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    int status = 0;
    if (m_out_fd < 0 && m_err_fd < 0 && waitpid(m_pid, &status, WNOHANG) == m_pid) {
      m_reaped = true;
      m_result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    } else if (std::chrono::steady_clock::now() > deadline) {
      kill(m_pid, SIGKILL);
      waitpid(m_pid, &status, 0);
      m_reaped = true;
      m_result.timed_out = true;
      m_result.exit_code = 128 + SIGKILL;
    }
  }
  return m_result;
}

std::optional<std::string> BackgroundProcess::wait_for_output(const std::string& needle,
                                                              std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline && (m_out_fd >= 0 || m_err_fd >= 0)) {
    for (const std::string* text : {&m_result.err, &m_result.out}) {
      auto at = text->find(needle);
      if (at != std::string::npos) {
        auto end = text->find('\n', at);
        return text->substr(at, end == std::string::npos ? std::string::npos : end - at);
      }
    }
    pump(std::chrono::milliseconds(50));
  }
  return std::nullopt;
}

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
  BackgroundProcess process(argv, options);
  return process.wait(options.timeout);
}

ProcessResult run_perf_gate(const std::vector<std::string>& args, const ProcessOptions& options) {
  std::vector<std::string> argv{perf_gate_binary().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, options);
}

}  // namespace perfgate::test
