// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>
#include <string_view>

#include "perfgate/ci/runner_env.h"
#include "perfgate/cli/command.h"
#include "perfgate/github/workflow_commands.h"
#include "perfgate/util/error.h"
#include "perfgate/util/log.h"
#include "perfgate/util/version.h"

namespace perfgate::cli {
namespace {

constexpr Command k_commands[] = {
    {"run", "Drive load against the target as a scenario's profile says; write a results file",
     setup_run_command},
    {"compare", "Check a results file against thresholds and a baseline; write a verdict",
     setup_compare_command},
    {"baseline", "Create or update a baseline (latest run plus a history of summaries)",
     setup_baseline_command},
    {"report", "Render a verdict as Markdown, HTML, JUnit or JSON", setup_report_command},
    {"gate", "The whole CI job: run or read results, compare, report, publish, roll back",
     setup_gate_command},
    {"ab", "Interleaved A/B: alternate base and head on one runner; a paired verdict",
     setup_ab_command},
    {"merge", "Merge the results of shards into one exact result", setup_merge_command},
    {"import", "Import k6 or Artillery results (or thresholds) into perf-gate's formats",
     setup_import_command},
    {"push", "Backfill a results file (or a baseline's history) into InfluxDB or Prometheus",
     setup_push_command},
    {"rollback", "Send a signed rollback webhook for a failed verdict", setup_rollback_command},
    {"serve", "Serve verdicts to Argo Rollouts and Flagger over HTTP", setup_serve_command},
};

ExitCode exit_code_for(const Error& error) {
  return error.kind == ErrorKind::bad_input ? ExitCode::bad_input : ExitCode::runtime_error;
}

// In Actions the error also becomes an ::error workflow command (stdout), so the step shows it
// and the file it names, instead of only "exit code 2".
void announce_on_actions(const Error& error) {
  ci::RunnerContext runner = ci::read_runner_context(ci::process_env());
  if (!runner.on_actions) return;
  std::fflush(stdout);
  std::string command =
      github::format_annotation(github::error_annotation(error, runner.workspace));
  fmt::print(stdout, "{}\n", command);
  std::fflush(stdout);
}

}  // namespace

std::span<const Command> commands() {
  return k_commands;
}

int run(int argc, char** argv) {
  CLI::App app{"perf-gate: a performance regression gate for CI/CD", "perf-gate"};
  app.set_version_flag("--version", fmt::format("perf-gate {}", util::k_version));
  app.require_subcommand(1);
  // Command-line mistakes read like every other error: prefixed, so CI logs can be searched.
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return fmt::format("perf-gate: error: {}\nRun with --help for more information.\n",
                       util::console_text(e.what()));  // the arguments are quoted back
  });
  CommandAction action;
  for (const Command& command : k_commands) {
    CLI::App* sub = app.add_subcommand(command.name, command.description);
    CommandAction sub_action = command.setup(*sub);
    sub->callback([&action, sub_action] { action = sub_action; });
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    if (code != 0) announce_on_actions(Error::bad_input(e.what()));
    return code == 0 ? 0 : static_cast<int>(ExitCode::bad_input);
  }
  try {
    return static_cast<int>(action());
  } catch (const Fatal& fatal) {
    // Messages quote keys, names and server replies: neutralised for terminals and CI logs.
    fmt::print(stderr, "perf-gate: error: {}\n", util::console_text(fatal.what()));
    announce_on_actions(fatal.error());
    return static_cast<int>(exit_code_for(fatal.error()));
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "perf-gate: error: out of memory\n");
    return static_cast<int>(ExitCode::runtime_error);
  } catch (const std::exception& e) {
    fmt::print(stderr, "perf-gate: internal error: {}\n", util::console_text(e.what()));
    return static_cast<int>(ExitCode::runtime_error);
  }
}

}  // namespace perfgate::cli
