// SPDX-License-Identifier: MIT
// Issue 11: concurrent `baseline update`s keep every run (the read-modify-write is locked), the
// file keeps its mode, and --keep is stored in the baseline, with a warning when trimming.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <memory>
#include <vector>

#include "perfgate/results/result_file.h"
#include "perfgate/stats/baseline_file.h"
#include "stats/run_builder.h"
#include "support/subprocess.h"
#include "support/test_paths.h"

namespace perfgate::stats {
namespace {

using namespace std::chrono_literals;
using test::run_perf_gate;

std::string write_run(const test::TempDir& dir) {
  std::string path = dir.file("run.json");
  EXPECT_TRUE(results::write_result_file(path, test::noisy_run(1, 1.0, 5, 20)).ok());
  return path;
}

size_t history_of(const std::string& path) {
  auto baseline = read_baseline_file(path);
  EXPECT_TRUE(baseline) << baseline.error().describe();
  return baseline ? baseline->history.size() : 0;
}

TEST(Issue11BaselineUpdateTest, TwentyConcurrentUpdatesKeepTwentyRuns) {
  test::TempDir dir;
  std::string run = write_run(dir);
  std::string baseline = dir.file("baseline.json");
  std::vector<std::unique_ptr<test::BackgroundProcess>> updates;
  for (int i = 0; i < 20; ++i) {
    updates.push_back(std::make_unique<test::BackgroundProcess>(std::vector<std::string>{
        test::perf_gate_binary().string(), "baseline", "update", run, "--baseline", baseline}));
  }
  for (auto& update : updates) {
    test::ProcessResult outcome = update->wait(120s);
    EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  }
  EXPECT_EQ(history_of(baseline), 20u);
}

TEST(BaselineUpdateCommandTest, ARunInWhichEveryRequestFailedIsRefusedNamingTheFile) {
  test::TempDir dir;
  results::RunResult refused = test::noisy_run(1, 1.0, 5, 20);
  for (auto& series : refused.metrics.endpoints) {
    series.totals.errors = series.totals.requests;
    series.totals.errors_by_kind[static_cast<size_t>(metrics::ErrorKind::connect)] =
        series.totals.requests;
    for (auto& window : series.windows) {
      window.errors = window.requests;
    }
  }
  std::string path = dir.file("refused.json");
  ASSERT_TRUE(results::write_result_file(path, refused).ok());
  auto update = run_perf_gate({"baseline", "update", path, "--baseline", dir.file("base.json")});
  EXPECT_EQ(update.exit_code, 2);
  EXPECT_NE(update.err.find(path + ": every one of its"), std::string::npos) << update.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("base.json")));
}

TEST(BaselineUpdateCommandTest, AFirstBaselineCreatesTheDirectoriesOfItsPath) {
  test::TempDir dir;
  std::string baseline = dir.file("perf/baselines/api.json");
  auto update = run_perf_gate({"baseline", "update", write_run(dir), "--baseline", baseline});
  EXPECT_EQ(update.exit_code, 0) << update.err;
  EXPECT_EQ(history_of(baseline), 1u);
}

TEST(Issue11BaselineUpdateTest, UpdateKeepsTheFileMode) {
  test::TempDir dir;
  std::string run = write_run(dir);
  std::string baseline = dir.file("baseline.json");
  ASSERT_EQ(run_perf_gate({"baseline", "update", run, "--baseline", baseline}).exit_code, 0);
  ASSERT_EQ(::chmod(baseline.c_str(), 0640), 0);
  ASSERT_EQ(run_perf_gate({"baseline", "update", run, "--baseline", baseline}).exit_code, 0);
  struct stat info {};
  ASSERT_EQ(::stat(baseline.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0640u);
}

TEST(Issue11BaselineUpdateTest, KeepIsStoredAndAnUpdateWithoutItDoesNotTrim) {
  test::TempDir dir;
  std::string run = write_run(dir);
  std::string baseline = dir.file("baseline.json");
  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(run_perf_gate({"baseline", "update", run, "--baseline", baseline, "--keep", "40"})
                  .exit_code,
              0);
  }
  auto plain = run_perf_gate({"baseline", "update", run, "--baseline", baseline});
  EXPECT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.err.find("trimmed"), std::string::npos) << plain.err;
  auto read = read_baseline_file(baseline);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->keep, 40);
  EXPECT_EQ(read->history.size(), 5u);
}

TEST(Issue11BaselineUpdateTest, TrimmingWarns) {
  test::TempDir dir;
  std::string run = write_run(dir);
  std::string baseline = dir.file("baseline.json");
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(run_perf_gate({"baseline", "update", run, "--baseline", baseline}).exit_code, 0);
  auto trimmed = run_perf_gate({"baseline", "update", run, "--baseline", baseline, "--keep", "2"});
  EXPECT_EQ(trimmed.exit_code, 0) << trimmed.err;
  EXPECT_NE(trimmed.err.find("trimmed from 4 to 2 runs"), std::string::npos) << trimmed.err;
  EXPECT_EQ(history_of(baseline), 2u);
}

TEST(Issue11BaselineUpdateTest, BaselinesWithoutKeepStillRead) {
  test::TempDir dir;
  auto fresh = update_baseline(std::nullopt, test::noisy_run(1, 1.0, 3, 10));
  ASSERT_TRUE(fresh);
  std::string text = baseline_to_json(*fresh);
  auto at = text.find("\"keep\"");
  ASSERT_NE(at, std::string::npos);
  text.erase(at, text.find('\n', at) - at + 1);
  auto parsed = parse_baseline(text, "old.json");
  ASSERT_TRUE(parsed) << parsed.error().describe();
  EXPECT_EQ(parsed->keep, k_default_keep);
}

}  // namespace
}  // namespace perfgate::stats
