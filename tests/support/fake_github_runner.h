// SPDX-License-Identifier: MIT
// For the end-to-end tests of `perf-gate gate`: the real binary run in a simulated runner
// environment (its own env, temporary GITHUB_OUTPUT and GITHUB_STEP_SUMMARY, GITHUB_API_URL
// pointing at the fake GitHub server).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace perfgate::test {

struct ProcessOutcome {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs the perf-gate binary with exactly `env` as its environment (no inheritance), in `cwd`,
// killed after 120 s.
ProcessOutcome run_perf_gate(const std::vector<std::string>& args,
                             const std::map<std::string, std::string>& env, const std::string& cwd);

}  // namespace perfgate::test
