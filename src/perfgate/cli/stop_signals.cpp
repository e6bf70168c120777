// SPDX-License-Identifier: MIT
#include "perfgate/cli/stop_signals.h"

#include <signal.h>

#include <atomic>

namespace perfgate::cli {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<bool> g_hurry{false};
std::atomic<int> g_signals{0};
static_assert(std::atomic<int>::is_always_lock_free, "used from a signal handler");

extern "C" void on_stop_signal(int /*signal*/) {
  // No SA_RESETHAND: a second signal must not kill the process before the results are written.
  if (g_signals.fetch_add(1) == 0) {
    g_stop.store(true);
  } else {
    g_hurry.store(true);
  }
}

}  // namespace

void handle_stop_signals(engine::RunOptions& options) {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  options.stop_flag = &g_stop;
  options.hurry_flag = &g_hurry;
}

}  // namespace perfgate::cli
