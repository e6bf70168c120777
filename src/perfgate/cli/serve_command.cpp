// SPDX-License-Identifier: MIT
// `perf-gate serve`: answer Argo Rollouts (web metric provider) and Flagger (gate and rollback
// webhooks) with the latest verdict in a directory, until SIGINT or SIGTERM.
#include <fmt/format.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "perfgate/cli/command.h"
#include "perfgate/webhook/verdict_server.h"

namespace perfgate::cli {
namespace {

// The token may come from the environment so that it never shows in a process list.
constexpr const char* k_token_variable = "PERFGATE_SERVE_TOKEN";

ExitCode serve(webhook::VerdictServerOptions options) {
  std::error_code error;
  if (!std::filesystem::is_directory(options.verdict_dir, error)) {
    throw Fatal(
        Error::bad_input(fmt::format("--verdicts: '{}' is not a directory", options.verdict_dir)));
  }
  if (options.token.empty()) {
    if (const char* token = std::getenv(k_token_variable)) options.token = token;
  }
  // Block the stop signals before the server starts its threads (they inherit the mask), so
  // that only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  auto server = webhook::VerdictServer::start(options).value_or_throw();
  fmt::print("listening on {}\n", server->address());
  std::fflush(stdout);
  if (options.token.empty()) {
    fmt::print(stderr,
               "perf-gate: warning: no --token: anyone who can connect can read verdicts\n");
  }
  int received = 0;
  sigwait(&stop_signals, &received);
  fmt::print(stderr, "perf-gate: serve: {} received, stopping\n",
             received == SIGINT ? "SIGINT" : "SIGTERM");
  server->stop();
  return ExitCode::success;
}

}  // namespace

CommandAction setup_serve_command(CLI::App& app) {
  auto options = std::make_shared<webhook::VerdictServerOptions>();
  options->listen = "127.0.0.1:8080";
  app.add_option("--verdicts", options->verdict_dir, "Directory of verdict files")->required();
  app.add_option("--listen", options->listen, "ADDRESS:PORT to listen on (port 0: any free)")
      ->capture_default_str();
  app.add_option(
      "--token", options->token,
      fmt::format("Require 'Authorization: Bearer TOKEN' (default: ${})", k_token_variable));
  return [options] { return serve(*options); };
}

}  // namespace perfgate::cli
