// SPDX-License-Identifier: MIT
// `perf-gate import` end to end: real k6 and Artillery outputs in, perf-gate files out; bad
// inputs exit 2 naming the file and what was expected; `gate --results` takes them as they are.
#include <gtest/gtest.h>

#include "perfgate/results/result_file.h"
#include "perfgate/stats/thresholds.h"
#include "perfgate/util/file.h"
#include "support/subprocess.h"
#include "support/test_paths.h"

namespace perfgate::cli {
namespace {

using test::run_perf_gate;

std::string data(const std::string& name) {
  return (test::source_dir() / "tests/data/import" / name).string();
}

TEST(ImportCommandTest, K6JsonBecomesAResultsFile) {
  test::TempDir dir;
  auto run = run_perf_gate({"import", data("k6-points.ndjson"), "--out", dir.file("r.json")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("4 endpoints, 122 requests, 21 errors"), std::string::npos) << run.err;
  auto read = results::read_result_file(dir.file("r.json"));
  ASSERT_TRUE(read.ok()) << read.error().describe();
  EXPECT_EQ(read->metrics.total().requests, 122);
}

TEST(ImportCommandTest, TheResultsWarningsAreSaidOnStandardError) {
  // Found by a user: a latency beyond the histogram's hour was warned of only inside the file.
  test::TempDir dir;
  std::string points = dir.file("p.ndjson");
  ASSERT_TRUE(
      util::write_file_atomic(
          points,
          R"({"metric":"http_req_duration","type":"Point","data":{"time":"2026-11-22T04:30:04Z","value":1e308,"tags":{"name":"a"}}})"
          "\n"
          // An endpoint left out, its name from the file: shown escaped, no workflow command.
          R"({"metric":"http_req_waiting","type":"Point","data":{"time":"2026-11-22T04:30:04Z","value":1,"tags":{"name":"\u001b[31mX\n::error::y"}}})"
          "\n")
          .ok());
  auto run = run_perf_gate({"import", points, "--out", dir.file("r.json")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("perf-gate: warning: 1 latency was beyond the histogram's range"),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("left out endpoint '\\x1b[31mX"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find('\x1b'), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("\n::error::"), std::string::npos) << run.err;
}

TEST(ImportCommandTest, SummariesSayTheyAreFromPercentiles) {
  test::TempDir dir;
  auto run = run_perf_gate(
      {"import", data("artillery-report.json"), "--from", "artillery", "-o", dir.file("r.json")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("(from percentiles only)"), std::string::npos) << run.err;
  std::string text = *util::read_file(dir.file("r.json"));
  EXPECT_NE(text.find(R"("latency_precision": "percentiles")"), std::string::npos);
}

TEST(ImportCommandTest, TruncatedSummaryExitsTwoNamingFileAndLine) {
  test::TempDir dir;
  std::string text = *util::read_file(data("k6-summary.json"));
  ASSERT_TRUE(util::write_file_atomic(dir.file("cut.json"), text.substr(0, 3000)).ok());
  auto run = run_perf_gate({"import", dir.file("cut.json"), "--from", "k6"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("cut.json:"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("invalid JSON"), std::string::npos) << run.err;
}

TEST(ImportCommandTest, ForeignFileExitsTwoSayingWhatWasExpected) {
  auto run = run_perf_gate({"import", data("k6-fixture.js")});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("expected a k6 summary"), std::string::npos) << run.err;
}

TEST(ImportCommandTest, WrongFromSaysWhatTheContentLooksLike) {
  auto run = run_perf_gate({"import", data("artillery-report.json"), "--from", "k6"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("looks like --from artillery"), std::string::npos) << run.err;
}

TEST(ImportCommandTest, ConvertsK6ThresholdsIntoAFileCompareReads) {
  test::TempDir dir;
  auto run = run_perf_gate({"import", data("k6-thresholds.json"), "--from", "k6-thresholds",
                            "--out", dir.file("t.yaml")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("wrote 4 threshold rules"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("warning: threshold skipped: api_latency"), std::string::npos);
  EXPECT_TRUE(stats::load_thresholds(dir.file("t.yaml")).ok());
}

TEST(ImportCommandTest, ThresholdsOutTakesTheRulesAK6FileCarries) {
  test::TempDir dir;
  auto run = run_perf_gate({"import", data("k6-summary.json"), "--out", dir.file("r.json"),
                            "--thresholds-out", dir.file("t.yaml")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto thresholds = stats::load_thresholds(dir.file("t.yaml"));
  ASSERT_TRUE(thresholds.ok()) << thresholds.error().describe();
  EXPECT_EQ(thresholds->common.size(), 3u);  // http_req_duration, http_req_failed, checks
}

TEST(ImportCommandTest, GateTakesAK6FileAsItsResults) {
  test::TempDir dir;
  test::ProcessOptions options;
  options.unset_env = {"GITHUB_ACTIONS",    "GITHUB_TOKEN",        "INPUT_GITHUB-TOKEN",
                       "GITHUB_EVENT_PATH", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT"};
  auto run = run_perf_gate({"gate", "--results", data("k6-points.ndjson"), "--thresholds",
                            (test::source_dir() / "thresholds/default.yaml").string(),
                            "--report-dir", dir.file("report")},
                           options);
  // The fixture's /status500 requests fail the 0.5 % error-rate threshold on purpose.
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("error rate of all requests 17%"), std::string::npos) << run.err;
}

// Found by a user: a baseline made with `import --scenario api` refused every k6 file given to
// `gate --results` ("scenario 'k6' but the baseline is of 'api'"), with no way to name it.
TEST(ImportCommandTest, GateNamesAK6FileAfterItsBaselinesScenario) {
  test::TempDir dir;
  auto imported = run_perf_gate(
      {"import", data("k6-points.ndjson"), "--scenario", "api", "--out", dir.file("r.json")});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  auto created =
      run_perf_gate({"baseline", "update", dir.file("r.json"), "--baseline", dir.file("b.json")});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  test::ProcessOptions options;
  options.unset_env = {"GITHUB_ACTIONS",    "GITHUB_TOKEN",        "INPUT_GITHUB-TOKEN",
                       "GITHUB_EVENT_PATH", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT"};
  auto run = run_perf_gate(
      {"gate", "--results", data("k6-points.ndjson"), "--baseline", dir.file("b.json"),
       "--thresholds", "none", "--report-dir", dir.file("report")},
      options);
  EXPECT_NE(run.exit_code, 2) << run.err;
  EXPECT_EQ(run.err.find("but the baseline is of"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("api / default"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace perfgate::cli
