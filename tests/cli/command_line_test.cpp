// SPDX-License-Identifier: MIT
// The command shell, end to end through the built binary: help, version, usage errors, and the
// exit codes DESIGN.md promises.
#include <gtest/gtest.h>

#include "support/subprocess.h"
#include "support/test_paths.h"

namespace perfgate::cli {
namespace {

using test::run_perf_gate;

TEST(CommandLineTest, VersionPrintsTheVersion) {
  auto result = run_perf_gate({"--version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("perf-gate 0."), std::string::npos) << result.out;
}

TEST(CommandLineTest, HelpListsEveryCommand) {
  auto result = run_perf_gate({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  for (const char* command :
       {"run", "compare", "baseline", "report", "gate", "merge", "rollback", "serve"}) {
    EXPECT_NE(result.out.find(command), std::string::npos) << command;
  }
}

TEST(CommandLineTest, EveryCommandHasHelp) {
  for (const char* command :
       {"run", "compare", "baseline", "report", "gate", "merge", "rollback", "serve"}) {
    auto result = run_perf_gate({command, "--help"});
    EXPECT_EQ(result.exit_code, 0) << command << ": " << result.err;
    EXPECT_NE(result.out.find("Usage"), std::string::npos) << command;
  }
}

TEST(CommandLineTest, UnknownCommandIsAUsageError) {
  auto result = run_perf_gate({"launch"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_FALSE(result.err.empty());
}

TEST(CommandLineTest, NoCommandIsAUsageError) {
  EXPECT_EQ(run_perf_gate({}).exit_code, 2);
}

TEST(CommandLineTest, UnknownFlagIsAUsageError) {
  auto result = run_perf_gate({"merge", "--no-such-flag", test::perf_gate_binary().string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("no-such-flag"), std::string::npos) << result.err;
  // Prefixed like every other error (found by a user: CLI11's own message had no prefix).
  EXPECT_TRUE(result.err.starts_with("perf-gate: error: ")) << result.err;
  auto missing = run_perf_gate({"import", "/no/such/file.ndjson"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(missing.err.starts_with("perf-gate: error: ")) << missing.err;
  EXPECT_NE(missing.err.find("/no/such/file.ndjson"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace perfgate::cli
