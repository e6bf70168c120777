// SPDX-License-Identifier: MIT
#include "perfgate/report/headline.h"

#include <fmt/format.h>

#include <cmath>

#include "perfgate/report/check_text.h"
#include "perfgate/report/escape.h"

namespace perfgate::report {
namespace {

struct Counts {
  int passed = 0, warned = 0, failed = 0, no_data = 0, inconclusive = 0;
};

// Counted from the checks rather than read from `summary`, so that a verdict that was never
// finalized still reads right.
Counts count_checks(const stats::Verdict& verdict) {
  Counts counts;
  for (const stats::Check& check : verdict.checks) {
    switch (check.status) {
      case stats::Status::pass:
        ++counts.passed;
        break;
      case stats::Status::warn:
        ++counts.warned;
        break;
      case stats::Status::inconclusive:
        ++counts.inconclusive;
        break;
      case stats::Status::fail:
        ++counts.failed;
        break;
      case stats::Status::no_data:
        ++counts.no_data;
        break;
    }
  }
  return counts;
}

std::string run_name(const stats::Verdict& verdict, TextStyle style) {
  const std::string& scenario = verdict.current.scenario;
  const std::string& profile = verdict.current.profile;
  auto quote = [&](const std::string& text) {
    return style == TextStyle::markdown ? markdown_code(text) : plain_line(text, 60);
  };
  std::string name = scenario.empty() ? std::string("unnamed scenario") : quote(scenario);
  if (!profile.empty()) name += " / " + quote(profile);
  return name;
}

std::string headline_finding(const stats::Verdict& verdict, TextStyle style) {
  const stats::Check* check = headline_check(verdict);
  if (check == nullptr) return verdict.baseline ? "" : "no baseline";
  std::string text = check_subject(*check, style) + " " + check_finding(*check, style);
  if (check->status == stats::Status::pass) text = "largest change: " + text;
  return text;
}

std::string compose(const stats::Verdict& verdict, TextStyle style) {
  std::string line = run_name(verdict, style) + " · " + count_phrase(verdict);
  std::string finding = headline_finding(verdict, style);
  if (!finding.empty()) line += " · " + finding;
  return line;
}

}  // namespace

const stats::Check* headline_check(const stats::Verdict& verdict) {
  const stats::Check* best = nullptr;
  auto rank = [](const stats::Check& check) {
    // Problems first; a passing regression check only when nothing is wrong.
    switch (check.status) {
      case stats::Status::fail:
        return 4;
      case stats::Status::inconclusive:
        return 3;
      case stats::Status::warn:
        return 2;
      case stats::Status::pass:
        return check.kind == stats::CheckKind::threshold ? 0 : 1;
      case stats::Status::no_data:
        return 0;
    }
    return 0;
  };
  for (const stats::Check& check : verdict.checks) {
    if (rank(check) == 0) continue;
    if (best == nullptr || rank(check) > rank(*best)) {
      best = &check;
      continue;
    }
    if (rank(check) < rank(*best)) continue;
    double severity = check_severity(check), best_severity = check_severity(*best);
    if (check.status == stats::Status::pass) {
      severity = std::fabs(severity);
      best_severity = std::fabs(best_severity);
    }
    if (severity > best_severity) best = &check;
  }
  return best;
}

std::string count_phrase(const stats::Verdict& verdict) {
  Counts counts = count_checks(verdict);
  int total = static_cast<int>(verdict.checks.size());
  if (total == 0) return "no checks";
  const char* noun = total == 1 ? "check" : "checks";
  if (counts.failed > 0) {
    std::string text = fmt::format("{} of {} {} failed", counts.failed, total, noun);
    if (counts.inconclusive > 0) text += fmt::format(", {} inconclusive", counts.inconclusive);
    if (counts.warned > 0) text += fmt::format(", {} warned", counts.warned);
    return text;
  }
  if (counts.inconclusive > 0) {
    std::string text = fmt::format("{} of {} {} could not judge", counts.inconclusive, total, noun);
    if (counts.warned > 0) text += fmt::format(", {} warned", counts.warned);
    return text;
  }
  if (counts.warned > 0) return fmt::format("{} of {} {} warned", counts.warned, total, noun);
  if (counts.no_data > 0) {
    return fmt::format("{} of {} {} without data", counts.no_data, total, noun);
  }
  return total == 1 ? std::string("the check passed") : fmt::format("all {} checks passed", total);
}

std::string one_line_summary(const stats::Verdict& verdict) {
  std::string line =
      fmt::format("{} · {}", status_word(verdict.verdict), compose(verdict, TextStyle::plain));
  return plain_line(line, 250);
}

std::string markdown_headline(const stats::Verdict& verdict) {
  return fmt::format("{} **{}** · {}", status_emoji(verdict.verdict), status_word(verdict.verdict),
                     compose(verdict, TextStyle::markdown));
}

}  // namespace perfgate::report
