// SPDX-License-Identifier: MIT
#include "perfgate/report/junit_report.h"

#include <fmt/format.h>

#include <array>
#include <vector>

#include "perfgate/report/check_details.h"
#include "perfgate/report/check_text.h"
#include "perfgate/report/escape.h"

namespace perfgate::report {
namespace {

struct SuiteCounts {
  int tests = 0, failures = 0, skipped = 0;
};

SuiteCounts count(const std::vector<const stats::Check*>& checks) {
  SuiteCounts counts;
  for (const stats::Check* check : checks) {
    ++counts.tests;
    if (check->status == stats::Status::fail) ++counts.failures;
    if (check->status == stats::Status::warn || check->status == stats::Status::no_data ||
        check->status == stats::Status::inconclusive) {
      ++counts.skipped;
    }
  }
  return counts;
}

std::string testcase(const stats::Check& check, const std::string& classname) {
  std::string message = escape_xml(check_subject(check, TextStyle::plain) + " " +
                                   check_finding(check, TextStyle::plain));
  std::string details = escape_xml(check_details(check));
  std::string text = fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"0\">\n",
                                 classname, escape_xml(check_test_name(check)));
  switch (check.status) {
    case stats::Status::fail:
      text += fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n", message,
                          stats::check_kind_name(check.kind), details);
      break;
    case stats::Status::warn:
      text += fmt::format("      <skipped message=\"warning: {}\"/>\n", message);
      break;
    case stats::Status::no_data:
      text += fmt::format("      <skipped message=\"no data: {}\"/>\n", message);
      break;
    case stats::Status::inconclusive:
      text += fmt::format("      <skipped message=\"inconclusive: {}\"/>\n", message);
      break;
    case stats::Status::pass:
      break;
  }
  text += fmt::format("      <system-out>{}</system-out>\n", details);
  return text + "    </testcase>\n";
}

}  // namespace

std::string render_junit(const ReportInput& input) {
  const stats::Verdict& verdict = input.verdict;
  std::string run = plain_line(verdict.current.scenario, 80);
  if (!verdict.current.profile.empty()) run += "/" + plain_line(verdict.current.profile, 80);
  constexpr std::array k_kinds = {stats::CheckKind::threshold, stats::CheckKind::regression,
                                  stats::CheckKind::change_point};
  std::string suites;
  SuiteCounts total;
  for (stats::CheckKind kind : k_kinds) {
    std::vector<const stats::Check*> checks;
    for (const stats::Check& check : verdict.checks) {
      if (check.kind == kind) checks.push_back(&check);
    }
    if (checks.empty()) continue;
    SuiteCounts counts = count(checks);
    total.tests += counts.tests;
    total.failures += counts.failures;
    total.skipped += counts.skipped;
    std::string classname = escape_xml("perf-gate." + run + "." + stats::check_kind_name(kind));
    suites += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" "
        "time=\"0\"{}>\n",
        escape_xml(fmt::format("perf-gate {} {}", run, stats::check_kind_name(kind))), counts.tests,
        counts.failures, counts.skipped,
        verdict.current.time.empty()
            ? std::string()
            : fmt::format(" timestamp=\"{}\"", escape_xml(verdict.current.time)));
    for (const stats::Check* check : checks) suites += testcase(*check, classname);
    suites += "  </testsuite>\n";
  }
  return fmt::format(
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" "
             "time=\"0\">\n",
             escape_xml("perf-gate " + run), total.tests, total.failures, total.skipped) +
         suites + "</testsuites>\n";
}

}  // namespace perfgate::report
