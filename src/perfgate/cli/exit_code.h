// SPDX-License-Identifier: MIT
// Exit codes, the same for every command (docs/exit-codes.md). The Action maps them to job status.
#pragma once

namespace perfgate::cli {

enum class ExitCode : int {
  success = 0,        // pass (warnings allowed)
  gate_failed = 1,    // threshold breach or regression
  bad_input = 2,      // bad usage or bad input; the message names the file, line and field
  runtime_error = 3,  // internal error, or nothing could be measured
  interrupted = 130,  // SIGINT before anything could be written
};

}  // namespace perfgate::cli
