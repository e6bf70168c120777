// SPDX-License-Identifier: MIT
// PLACEHOLDER until the owning module lands: replace this file.
#include <fmt/format.h>

#include "perfgate/cli/command.h"

namespace perfgate::cli {

CommandAction setup_compare_command(CLI::App& /*app*/) {
  return [] {
    fmt::print(stderr, "perf-gate: error: 'compare' is not implemented yet\n");
    return ExitCode::runtime_error;
  };
}

}  // namespace perfgate::cli
