// SPDX-License-Identifier: MIT
// perf-gate: a shim; everything lives in the libraries.
#include "perfgate/cli/command.h"

int main(int argc, char** argv) {
  return perfgate::cli::run(argc, argv);
}
