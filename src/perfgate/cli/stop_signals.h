// SPDX-License-Identifier: MIT
// SIGINT/SIGTERM for the commands that drive load: no signal kills the run, so that its results
// are always written. CI runners and coreutils `timeout` signal the process and then its whole
// group, so a second signal a few milliseconds after the first is the normal case.
#pragma once

#include "perfgate/engine/load_engine.h"

namespace perfgate::cli {

// Installs the handlers (idempotent) and points `options` at the flags they set: the first
// signal ends the run gracefully (RunOptions::stop_flag); every later one cuts the graceful stop
// short (RunOptions::hurry_flag), so in-flight requests are counted and the results written
// within a bounded grace. The handlers stay installed until the process exits.
void handle_stop_signals(engine::RunOptions& options);

}  // namespace perfgate::cli
