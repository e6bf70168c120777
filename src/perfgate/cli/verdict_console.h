// SPDX-License-Identifier: MIT
// A plain terminal table of a verdict for `compare` (until report::render_console replaces it),
// and the exit code a verdict maps to.
#pragma once

#include <string>

#include "perfgate/cli/exit_code.h"
#include "perfgate/stats/verdict.h"

namespace perfgate::cli {

std::string render_verdict_table(const stats::Verdict& verdict);

// fail -> gate_failed (1); pass, warn, no_data -> success (0).
ExitCode exit_code_for_verdict(stats::Status status);

}  // namespace perfgate::cli
