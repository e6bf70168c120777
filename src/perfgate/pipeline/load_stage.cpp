// SPDX-License-Identifier: MIT
#include "perfgate/pipeline/load_stage.h"

#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>

#include "perfgate/ci/runner_env.h"
#include "perfgate/engine/run_plan.h"

namespace perfgate::pipeline {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<bool> g_hurry{false};
std::atomic<int> g_signals{0};
static_assert(std::atomic<int>::is_always_lock_free, "used from a signal handler");

// Issue 11: the first signal stops gracefully, every later one cuts the graceful stop short;
// none kills (CI runners and coreutils `timeout` signal the process and then its group).
extern "C" void on_stop_signal(int /*signal*/) {
  if (g_signals.fetch_add(1) == 0) {
    g_stop.store(true);
  } else {
    g_hurry.store(true);
  }
}

std::string command_output(const char* command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command, "r"), pclose);
  if (!pipe) return {};
  std::string text;
  char buffer[256];
  while (fgets(buffer, sizeof buffer, pipe.get()) != nullptr) text += buffer;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

std::string value_or_command(const std::string& value, const char* command) {
  return value.empty() ? command_output(command) : value;
}

}  // namespace

Result<LoadIdentity> check_load_plan(const scenario::Scenario& scenario,
                                     const engine::RunOptions& options) {
  // The open-files limit is the engine's to check (it raises it first); here only the plan.
  auto plan = engine::make_plan(scenario, options, std::numeric_limits<int64_t>::max());
  if (!plan) return plan.error();
  return LoadIdentity{scenario.name, plan->profile.name.empty() ? "custom" : plan->profile.name,
                      plan->profile.warmup + plan->profile.duration()};
}

const std::atomic<bool>* install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  action.sa_flags = SA_RESTART;  // no SA_RESETHAND: a second signal must not lose the run
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  return &g_stop;
}

bool stop_requested() {
  return g_stop.load();
}

void fill_run_metadata(results::RunMetadata& meta) {
  ci::RunnerContext runner = ci::read_runner_context(ci::process_env());
  if (meta.git_sha.empty())
    meta.git_sha = value_or_command(runner.sha, "git rev-parse HEAD 2>/dev/null");
  if (meta.git_ref.empty())
    meta.git_ref = value_or_command(runner.ref, "git symbolic-ref -q HEAD 2>/dev/null");
  char host[256] = {};
  if (meta.host.empty() && gethostname(host, sizeof host - 1) == 0) meta.host = host;
}

Result<results::RunResult> run_load(const scenario::Scenario& scenario, engine::RunOptions options,
                                    const stats::ThresholdSet* thresholds) {
  if (thresholds != nullptr) {
    options.abort_check = [thresholds](const results::RunResult& partial) {
      return stats::abort_reason(*thresholds, partial, partial.meta.profile, partial.meta.duration);
    };
  }
  options.stop_flag = install_stop_handlers();
  options.hurry_flag = &g_hurry;
  auto result = engine::run_load(scenario, options);
  if (result) fill_run_metadata(result->meta);
  return result;
}

}  // namespace perfgate::pipeline
