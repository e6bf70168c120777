// SPDX-License-Identifier: MIT
#include "perfgate/github/workflow_commands.h"

#include <gtest/gtest.h>

#include <map>

#include "perfgate/util/file.h"
#include "support/test_paths.h"

namespace perfgate::github {
namespace {

// Parses a $GITHUB_OUTPUT file the way the runner does (actions-runtime.md §2), so that the
// writer is checked against the parser's rules rather than against its own output format.
std::map<std::string, std::string> parse_output_file(const std::string& text) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  auto next_line = [&](std::string& line) {
    if (pos >= text.size()) return false;
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) throw std::runtime_error("EOF marker missing new line");
    line = text.substr(pos, end - pos);
    pos = end + 1;
    return true;
  };
  std::string line;
  while (next_line(line)) {
    if (line.empty()) continue;
    size_t eq = line.find('=');
    size_t heredoc = line.find("<<");
    if (eq != std::string::npos && (heredoc == std::string::npos || eq < heredoc)) {
      out[line.substr(0, eq)] = line.substr(eq + 1);
      continue;
    }
    if (heredoc == std::string::npos) throw std::runtime_error("Invalid format " + line);
    std::string name = line.substr(0, heredoc), delimiter = line.substr(heredoc + 2);
    std::string value, value_line;
    bool first = true, closed = false;
    while (next_line(value_line)) {
      if (value_line == delimiter) {
        closed = true;
        break;
      }
      value += (first ? "" : "\n") + value_line;
      first = false;
    }
    if (!closed) throw std::runtime_error("Matching delimiter not found");
    out[name] = value;
  }
  return out;
}

TEST(WorkflowCommandsTest, EscapesDataAndProperties) {
  EXPECT_EQ(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
  EXPECT_EQ(escape_property("50% a\r\nb: c, d"), "50%25 a%0D%0Ab%3A c%2C d");
}

TEST(WorkflowCommandsTest, FormatsErrorAnnotationWithTitle) {
  Annotation a{AnnotationLevel::error, "p95 of login: 620 ms", "limit 500, was 620\nsee summary",
               "", 0};
  EXPECT_EQ(format_annotation(a),
            "::error title=p95 of login%3A 620 ms::limit 500, was 620%0Asee summary");
}

TEST(WorkflowCommandsTest, FormatsFileAndLine) {
  Annotation a{AnnotationLevel::warning, "", "slow", "perf/thresholds.yaml", 7};
  EXPECT_EQ(format_annotation(a), "::warning file=perf/thresholds.yaml,line=7::slow");
}

TEST(WorkflowCommandsTest, ErrorAnnotationNamesTheFileRelativeToTheWorkspace) {
  Error error = Error::at({"/github/workspace/perf/api.yaml", 14, 9}, "scenarios[0].steps[1].chek",
                          "unknown key 'chek'");
  std::string command = format_annotation(error_annotation(error, "/github/workspace"));
  EXPECT_EQ(command,
            "::error title=perf-gate%3A bad input,file=perf/api.yaml,line=14,col=9::"
            "/github/workspace/perf/api.yaml:14:9: scenarios[0].steps[1].chek: unknown key 'chek'");
}

TEST(WorkflowCommandsTest, ErrorAnnotationWithoutAFileHasNoFileProperty) {
  Error error = Error::runtime("disk full\nreally");
  EXPECT_EQ(format_annotation(error_annotation(error, "")),
            "::error title=perf-gate%3A error::disk full%0Areally");
}

TEST(WorkflowCommandsTest, CapsEachLevelAndSummarisesTheRest) {
  std::vector<Annotation> many;
  for (int i = 0; i < 25; ++i)
    many.push_back({AnnotationLevel::error, "e", "error " + std::to_string(i), "", 0});
  for (int i = 0; i < 3; ++i) many.push_back({AnnotationLevel::warning, "w", "warning", "", 0});
  auto shown = cap_annotations(many);
  int errors = 0, warnings = 0;
  for (const auto& a : shown) (a.level == AnnotationLevel::error ? errors : warnings)++;
  EXPECT_EQ(errors, k_max_annotations_per_level);
  EXPECT_EQ(warnings, 3);
  EXPECT_EQ(shown[8].message, "error 8");
  EXPECT_NE(shown[9].message.find("16 more failures"), std::string::npos);
}

TEST(WorkflowCommandsTest, AddMaskEscapesAndSkipsBlank) {
  EXPECT_EQ(format_add_mask("ghs_abc%"), "::add-mask::ghs_abc%25");
  EXPECT_EQ(format_add_mask("  "), "");
}

TEST(WorkflowCommandsTest, OutputsRoundTripThroughTheRunnersParser) {
  test::TempDir dir;
  std::string path = dir.file("output");
  ASSERT_TRUE(util::write_file_atomic(path, "earlier=1\n").ok());
  std::string multi = "line one\nline two = with <<\n\nlast";
  ASSERT_TRUE(write_outputs(path, {{"verdict", "fail"}, {"summary", multi}, {"empty", ""}}).ok());
  auto parsed = parse_output_file(util::read_file(path).value());
  EXPECT_EQ(parsed["earlier"], "1");
  EXPECT_EQ(parsed["verdict"], "fail");
  EXPECT_EQ(parsed["summary"], multi);
  EXPECT_EQ(parsed["empty"], "");
}

TEST(WorkflowCommandsTest, DelimiterNeverOccursInValue) {
  auto text = format_output("x", "ghadelimiter_ inside");
  ASSERT_TRUE(text.ok());
  std::string delimiter = text->substr(3, text->find('\n') - 3);
  EXPECT_EQ(std::string("ghadelimiter_ inside").find(delimiter), std::string::npos);
}

TEST(WorkflowCommandsTest, RejectsOutputNamesTheRunnerCannotParse) {
  EXPECT_FALSE(format_output("a=b", "v").ok());
  EXPECT_FALSE(format_output("", "v").ok());
  EXPECT_FALSE(format_output("a<<b", "v").ok());
}

TEST(WorkflowCommandsTest, StepSummaryAppends) {
  test::TempDir dir;
  std::string path = dir.file("summary");
  ASSERT_EQ(append_step_summary(path, "# one\n").value(), SummaryWrite::written);
  ASSERT_EQ(append_step_summary(path, "# two\n").value(), SummaryWrite::written);
  EXPECT_EQ(util::read_file(path).value(), "# one\n# two\n");
}

TEST(WorkflowCommandsTest, StepSummaryStaysWithinCap) {
  test::TempDir dir;
  std::string path = dir.file("summary");
  std::string big;
  for (int i = 0; i < 100; ++i) big += "| row " + std::to_string(i) + " | ünïcode |\n";
  auto how = append_step_summary(path, big, 1000);
  ASSERT_EQ(how.value(), SummaryWrite::truncated);
  std::string written = util::read_file(path).value();
  EXPECT_LE(written.size(), 1000u);
  EXPECT_NE(written.find("1 MiB"), std::string::npos);
  EXPECT_EQ(append_step_summary(path, big, 1000).value(), SummaryWrite::skipped);
}

}  // namespace
}  // namespace perfgate::github
