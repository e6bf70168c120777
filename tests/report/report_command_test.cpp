// SPDX-License-Identifier: MIT
// `perf-gate report`, run as a user runs it: the real binary on files written by the real
// writers.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "perfgate/results/result_file.h"
#include "perfgate/stats/verdict_file.h"
#include "report/report_fixtures.h"
#include "support/test_paths.h"

namespace perfgate::report {
namespace {

class ReportCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(stats::write_verdict_file(m_dir.file("verdict.json"), test::failing_verdict()));
    results::RunResult current =
        test::make_run({{"login", 300, 50, 0, 1.4, 10}, {"search", 20}}, 30);
    results::RunResult baseline = test::make_run({{"login", 300}, {"search", 20}}, 30, "fedcba98");
    ASSERT_TRUE(results::write_result_file(m_dir.file("current.json"), current));
    ASSERT_TRUE(results::write_result_file(m_dir.file("baseline.json"), baseline));
  }

  // The exit code of `perf-gate <args>`, run in the temporary directory.
  int run(const std::string& args) {
    std::string command = "cd " + m_dir.path().string() + " && " +
                          perfgate::test::perf_gate_binary().string() + " " + args +
                          " >stdout.txt 2>stderr.txt";
    int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::string read(const std::string& name) {
    std::ifstream in(m_dir.file(name), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  perfgate::test::TempDir m_dir;
};

TEST_F(ReportCommandTest, WritesEveryRequestedFormat) {
  ASSERT_EQ(run("report verdict.json --results current.json --baseline baseline.json "
                "--markdown r.md --html r.html --junit r.xml --json r.json --id nightly"),
            0)
      << read("stderr.txt");
  EXPECT_NE(read("r.md").find("<!-- perf-gate:nightly -->"), std::string::npos);
  EXPECT_NE(read("r.md").find("<summary>Latency over time</summary>"), std::string::npos);
  EXPECT_NE(read("r.html").find("<svg class=\"chart\""), std::string::npos);
  EXPECT_NE(read("r.xml").find("<testsuites"), std::string::npos);
  EXPECT_NE(read("r.json").find("\"schema\": \"perf-gate/report/v1\""), std::string::npos);
}

TEST_F(ReportCommandTest, WritesOnlyWhatIsAsked) {
  ASSERT_EQ(run("report verdict.json --junit r.xml"), 0) << read("stderr.txt");
  EXPECT_TRUE(std::filesystem::exists(m_dir.file("r.xml")));
  EXPECT_FALSE(std::filesystem::exists(m_dir.file("r.md")));
}

TEST_F(ReportCommandTest, MarkdownToStdout) {
  ASSERT_EQ(run("report verdict.json --markdown -"), 0);
  EXPECT_EQ(read("stdout.txt").rfind("### ❌ **FAIL**", 0), 0u);
}

TEST_F(ReportCommandTest, NoOutputIsBadUsage) {
  EXPECT_EQ(run("report verdict.json"), 2);
  EXPECT_NE(read("stderr.txt").find("give at least one of --markdown"), std::string::npos);
}

TEST_F(ReportCommandTest, MissingVerdictIsBadInputNamingTheFile) {
  EXPECT_EQ(run("report missing.json --markdown r.md"), 2);
  EXPECT_NE(read("stderr.txt").find("missing.json"), std::string::npos);
}

TEST_F(ReportCommandTest, BrokenResultsAreBadInput) {
  std::ofstream(m_dir.file("broken.json")) << "{\"schema\": \"perf-gate/results/v1\", ";
  EXPECT_EQ(run("report verdict.json --results broken.json --markdown r.md"), 2);
  EXPECT_NE(read("stderr.txt").find("broken.json"), std::string::npos);
}

}  // namespace
}  // namespace perfgate::report
