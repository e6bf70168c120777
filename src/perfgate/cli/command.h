// SPDX-License-Identifier: MIT
// The subcommand table (ninja's kTools[]): each command adds its options to a CLI11 subcommand
// and returns the action to run once the command line is parsed.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <span>

#include "perfgate/cli/exit_code.h"

namespace perfgate::cli {

using CommandAction = std::function<ExitCode()>;

struct Command {
  const char* name;
  const char* description;
  CommandAction (*setup)(CLI::App& subcommand);
};

// Every command, in the order --help lists them.
std::span<const Command> commands();

// One setup function per command, each in its own <name>_command.cpp.
CommandAction setup_run_command(CLI::App& app);
CommandAction setup_compare_command(CLI::App& app);
CommandAction setup_baseline_command(CLI::App& app);
CommandAction setup_report_command(CLI::App& app);
CommandAction setup_gate_command(CLI::App& app);
CommandAction setup_merge_command(CLI::App& app);
CommandAction setup_push_command(CLI::App& app);
CommandAction setup_rollback_command(CLI::App& app);
CommandAction setup_serve_command(CLI::App& app);
CommandAction setup_ab_command(CLI::App& app);

// Entry point: parses argv, runs the command, maps errors to exit codes. Never throws.
int run(int argc, char** argv);

}  // namespace perfgate::cli
