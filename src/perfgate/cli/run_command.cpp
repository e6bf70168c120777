// SPDX-License-Identifier: MIT
// PLACEHOLDER until the owning module lands: replace this file.
#include <fmt/format.h>

#include "perfgate/cli/command.h"

namespace perfgate::cli {

CommandAction setup_run_command(CLI::App& /*app*/) {
  return [] {
    fmt::print(stderr, "perf-gate: error: 'run' is not implemented yet\n");
    return ExitCode::runtime_error;
  };
}

}  // namespace perfgate::cli
