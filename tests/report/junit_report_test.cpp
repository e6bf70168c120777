// SPDX-License-Identifier: MIT
#include "perfgate/report/junit_report.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>

#include "report/report_fixtures.h"
#include "support/test_paths.h"

namespace perfgate::report {
namespace {

// Parses the XML with Python's ElementTree (a real XML parser) and returns
// "<tests> <failures> <skipped> <testcases> <failure elements> <skipped elements>", or the
// parser's error.
std::string parse_with_python(const std::string& xml) {
  perfgate::test::TempDir dir;
  std::ofstream(dir.file("junit.xml"), std::ios::binary) << xml;
  std::string command =
      "python3 -c \"import sys, xml.etree.ElementTree as ET\n"
      "root = ET.parse(sys.argv[1]).getroot()\n"
      "print(root.get('tests'), root.get('failures'), root.get('skipped'), "
      "len(root.findall('.//testcase')), len(root.findall('.//failure')), "
      "len(root.findall('.//skipped')), end='')\" " +
      dir.file("junit.xml") + " 2>&1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::string out;
  std::array<char, 256> buffer{};
  while (pipe && fgets(buffer.data(), buffer.size(), pipe.get()) != nullptr) out += buffer.data();
  return out;
}

TEST(JunitReportTest, IsWellFormedWithRightCounts) {
  stats::Verdict verdict = test::failing_verdict();
  verdict.checks[1].status = stats::Status::warn;
  verdict.checks[2].status = stats::Status::no_data;
  EXPECT_EQ(parse_with_python(render_junit({verdict})), "6 2 2 6 2 2");
}

TEST(JunitReportTest, OneSuitePerCheckKind) {
  stats::Verdict verdict = test::failing_verdict();
  std::string xml = render_junit({verdict});
  EXPECT_NE(xml.find("<testsuite name=\"perf-gate checkout/stress threshold\" tests=\"2\" "
                     "failures=\"1\""),
            std::string::npos);
  EXPECT_NE(xml.find("<testsuite name=\"perf-gate checkout/stress regression\" tests=\"4\" "
                     "failures=\"1\""),
            std::string::npos);
}

TEST(JunitReportTest, FailureCarriesTheExplanation) {
  std::string xml = render_junit({test::failing_verdict()});
  EXPECT_NE(xml.find("<failure message=\"p95 of login +38% (412 → 569 ms), beyond noise (p = "
                     "0.002)\" type=\"regression\">"),
            std::string::npos);
  EXPECT_NE(xml.find("explanation: slower than the baseline beyond noise"), std::string::npos);
}

TEST(JunitReportTest, TestNamesHaveNoNumbersSoHistoryCanFollowThem) {
  std::string xml = render_junit({test::failing_verdict()});
  EXPECT_NE(xml.find("name=\"p95 of login\""), std::string::npos);
  EXPECT_NE(xml.find("name=\"p95 of login: p(95)&lt;500\""), std::string::npos);
}

TEST(JunitReportTest, HostileTextStaysWellFormed) {
  stats::Verdict verdict = test::failing_verdict();
  verdict.checks[0].endpoint = "a\"b<c>&d]]>\x01\x1b";
  verdict.checks[0].explanation = "</failure><x>";
  verdict.current.scenario = "\"<>'";
  EXPECT_EQ(parse_with_python(render_junit({verdict})), "6 2 0 6 2 0");
}

}  // namespace
}  // namespace perfgate::report
