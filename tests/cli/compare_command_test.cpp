// SPDX-License-Identifier: MIT
// `perf-gate compare` with the built binary: what goes to stdout and stderr.
#include <gtest/gtest.h>

#include "perfgate/results/result_file.h"
#include "results/soak_run.h"
#include "support/subprocess.h"
#include "support/test_paths.h"

namespace perfgate::test {
namespace {

// A results file without a baseline: the console summary reads "NO DATA · …".
std::string results_file(const TempDir& dir) {
  std::string path = dir.file("r.json");
  EXPECT_TRUE(results::write_result_file(path, soak_run(5, 2)).ok());
  return path;
}

// `--markdown -` is for a pipe (`| gh pr comment --body-file -`): stdout holds the Markdown
// alone, and the console summary goes to stderr.
TEST(CompareCommandTest, AReportOnStdoutIsTheOnlyThingThere) {
  TempDir dir;
  std::string results = results_file(dir);
  auto outcome = run_perf_gate({"compare", results, "--markdown", "-"});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(outcome.out.rfind("### ", 0), 0u) << outcome.out;
  EXPECT_NE(outcome.out.find("<!-- perf-gate:"), std::string::npos) << outcome.out;
  EXPECT_EQ(outcome.out.find("NO DATA ·"), std::string::npos) << outcome.out;  // the console's
  EXPECT_NE(outcome.err.find("NO DATA ·"), std::string::npos) << outcome.err;
}

TEST(CompareCommandTest, TheVerdictOnStdoutIsTheOnlyThingThere) {
  TempDir dir;
  std::string results = results_file(dir);
  auto outcome = run_perf_gate({"compare", results, "--out", "-"});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(outcome.out.rfind("{", 0), 0u) << outcome.out;
  EXPECT_EQ(outcome.out.find("NO DATA ·"), std::string::npos) << outcome.out;
}

TEST(CompareCommandTest, WithoutAReportOnStdoutTheSummaryIsThere) {
  TempDir dir;
  std::string results = results_file(dir);
  auto outcome = run_perf_gate({"compare", results, "--markdown", dir.file("report.md")});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_NE(outcome.out.find("NO DATA ·"), std::string::npos) << outcome.out;
}

// Two documents on one stdout could not be told apart: refused before anything is written.
TEST(CompareCommandTest, TwoOutputsOnStdoutAreRefused) {
  TempDir dir;
  std::string results = results_file(dir);
  auto reports = run_perf_gate({"compare", results, "--markdown", "-", "--json", "-"});
  EXPECT_EQ(reports.exit_code, 2);
  EXPECT_NE(reports.err.find("--json: --markdown already writes to stdout"), std::string::npos)
      << reports.err;
  EXPECT_TRUE(reports.out.empty()) << reports.out;
  auto verdict = run_perf_gate({"compare", results, "--out", "-", "--markdown", "-"});
  EXPECT_EQ(verdict.exit_code, 2);
  EXPECT_NE(verdict.err.find("--out already writes to stdout"), std::string::npos) << verdict.err;
}

}  // namespace
}  // namespace perfgate::test
