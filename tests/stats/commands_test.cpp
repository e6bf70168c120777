// SPDX-License-Identifier: MIT
// `perf-gate compare` and `perf-gate baseline` end to end: the built binary on real files.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "perfgate/results/result_file.h"
#include "perfgate/stats/baseline_file.h"
#include "perfgate/stats/verdict_file.h"
#include "stats/run_builder.h"
#include "support/test_paths.h"

namespace perfgate::stats {
namespace {

struct Outcome {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

Outcome perf_gate(const test::TempDir& dir, const std::string& arguments) {
  std::string log = dir.file("output.txt");
  std::string command = test::perf_gate_binary().string() + " " + arguments + " > " + log + " 2>&1";
  int status = std::system(command.c_str());
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text.str()};
}

std::string write_run(const test::TempDir& dir, const std::string& name,
                      const results::RunResult& run) {
  std::string path = dir.file(name);
  EXPECT_TRUE(results::write_result_file(path, run).ok());
  return path;
}

std::string write_text(const test::TempDir& dir, const std::string& name, const std::string& text) {
  std::ofstream(dir.file(name)) << text;
  return dir.file(name);
}

TEST(CompareCommandTest, ThresholdBreachExitsOneAndWritesTheVerdict) {
  test::TempDir dir;
  std::string results = write_run(dir, "r.json", test::noisy_run(1, 1.0, 5, 100));
  std::string rules = write_text(dir, "t.yaml", "http_req_duration: [\"p(95)<50\"]\n");
  Outcome outcome = perf_gate(
      dir, "compare " + results + " --thresholds " + rules + " --out " + dir.file("v.json"));
  EXPECT_EQ(outcome.exit_code, 1) << outcome.output;
  EXPECT_NE(outcome.output.find("FAIL · shop / baseline"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("no baseline"), std::string::npos) << outcome.output;
  Result<Verdict> verdict = read_verdict_file(dir.file("v.json"));
  ASSERT_TRUE(verdict.ok()) << verdict.error().describe();
  EXPECT_EQ(verdict->verdict, Status::fail);
}

TEST(CompareCommandTest, PassingRunExitsZero) {
  test::TempDir dir;
  std::string results = write_run(dir, "r.json", test::noisy_run(1, 1.0, 5, 100));
  std::string rules = write_text(dir, "t.yaml", "http_req_duration: [\"p(95)<5000\"]\n");
  Outcome outcome = perf_gate(dir, "compare " + results + " --thresholds " + rules +
                                       " --baseline " + dir.file("missing.json"));
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("does not exist yet"), std::string::npos) << outcome.output;
}

TEST(CompareCommandTest, BadThresholdsFileExitsTwoNamingLineAndColumn) {
  test::TempDir dir;
  std::string results = write_run(dir, "r.json", test::noisy_run(1, 1.0, 5, 100));
  std::string rules = write_text(dir, "t.yaml", "http_req_duration:\n  - \"p95 < 500\"\n");
  Outcome outcome = perf_gate(dir, "compare " + results + " --thresholds " + rules);
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("t.yaml:2:5"), std::string::npos) << outcome.output;
}

TEST(CompareCommandTest, ProfileMismatchWithBaselineExitsTwo) {
  test::TempDir dir;
  std::string base = write_run(dir, "base.json", test::noisy_run(1, 1.0, 10, 300));
  ASSERT_EQ(
      perf_gate(dir, "baseline update " + base + " --baseline " + dir.file("b.json")).exit_code, 0);
  results::RunResult stress = test::noisy_run(2, 1.0, 10, 300);
  stress.meta.profile = "stress";
  std::string results = write_run(dir, "r.json", stress);
  Outcome outcome = perf_gate(dir, "compare " + results + " --baseline " + dir.file("b.json"));
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("one baseline per profile"), std::string::npos) << outcome.output;
}

TEST(BaselineCommandTest, UpdateCreatesThenFoldsAndKeeps) {
  test::TempDir dir;
  std::string baseline = dir.file("b.json");
  for (uint64_t i = 0; i < 3; ++i) {
    std::string results = write_run(dir, "r.json", test::noisy_run(i, 1.0, 5, 50));
    Outcome outcome =
        perf_gate(dir, "baseline update " + results + " --baseline " + baseline + " --keep 2");
    ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
    EXPECT_NE(outcome.output.find(i == 0 ? "created" : "updated"), std::string::npos);
  }
  Result<Baseline> read = read_baseline_file(baseline);
  ASSERT_TRUE(read.ok()) << read.error().describe();
  EXPECT_EQ(read->history.size(), 2u);
  Outcome show = perf_gate(dir, "baseline show " + baseline);
  EXPECT_EQ(show.exit_code, 0);
  EXPECT_NE(show.output.find("2 runs"), std::string::npos) << show.output;
}

TEST(BaselineCommandTest, RegressionAgainstTheBaselineExitsOne) {
  test::TempDir dir;
  for (uint64_t seed : {1, 3}) {  // two runs of history measure the run-to-run noise
    std::string base = write_run(dir, "base.json", test::noisy_run(seed, 1.0, 20, 300));
    ASSERT_EQ(
        perf_gate(dir, "baseline update " + base + " --baseline " + dir.file("b.json")).exit_code,
        0);
  }
  std::string results = write_run(dir, "r.json", test::noisy_run(2, 1.6, 20, 300));
  Outcome outcome = perf_gate(dir, "compare " + results + " --baseline " + dir.file("b.json"));
  EXPECT_EQ(outcome.exit_code, 1) << outcome.output;
  EXPECT_NE(outcome.output.find("regression"), std::string::npos) << outcome.output;
}

TEST(BaselineCommandTest, InconclusiveExitsZeroUnlessFailOnSaysSo) {
  test::TempDir dir;
  std::string base = write_run(dir, "base.json", test::noisy_run(1, 1.0, 20, 300));
  ASSERT_EQ(
      perf_gate(dir, "baseline update " + base + " --baseline " + dir.file("b.json")).exit_code, 0);
  // +60 % against one baseline run: not shown beyond what run-to-run noise could do.
  std::string results = write_run(dir, "r.json", test::noisy_run(2, 1.6, 20, 300));
  std::string compare = "compare " + results + " --baseline " + dir.file("b.json");
  Outcome lenient = perf_gate(dir, compare + " --out " + dir.file("v.json"));
  EXPECT_EQ(lenient.exit_code, 0) << lenient.output;
  EXPECT_NE(lenient.output.find("INCONCLUSIVE"), std::string::npos) << lenient.output;
  EXPECT_EQ(read_verdict_file(dir.file("v.json"))->verdict, Status::inconclusive);
  Outcome strict = perf_gate(dir, compare + " --fail-on inconclusive");
  EXPECT_EQ(strict.exit_code, 1) << strict.output;
}

TEST(BaselineCommandTest, UnreadableBaselineExitsTwo) {
  test::TempDir dir;
  std::string results = write_run(dir, "r.json", test::noisy_run(1, 1.0, 5, 50));
  write_text(dir, "b.json", "{\"schema\": \"perf-gate/baseline/v7\"}");
  Outcome outcome = perf_gate(dir, "compare " + results + " --baseline " + dir.file("b.json"));
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("perf-gate/baseline/v7"), std::string::npos) << outcome.output;
}

}  // namespace
}  // namespace perfgate::stats
