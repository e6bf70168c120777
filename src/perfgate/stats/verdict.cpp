// SPDX-License-Identifier: MIT
#include "perfgate/stats/verdict.h"

#include <algorithm>

namespace perfgate::stats {

const char* status_name(Status status) {
  switch (status) {
    case Status::pass:
      return "pass";
    case Status::no_data:
      return "no_data";
    case Status::warn:
      return "warn";
    case Status::inconclusive:
      return "inconclusive";
    case Status::fail:
      return "fail";
  }
  return "?";
}

const char* check_kind_name(CheckKind kind) {
  switch (kind) {
    case CheckKind::threshold:
      return "threshold";
    case CheckKind::regression:
      return "regression";
    case CheckKind::change_point:
      return "change_point";
  }
  return "?";
}

bool is_method_note(std::string_view note) {
  // The texts are made in regression.cpp, interleaved.cpp, compare.cpp and
  // pipeline/confirmation.cpp.
  static constexpr std::string_view k_method_prefixes[] = {
      "regression checks: ", "merged from all ", "judged on ", "no thresholds: only",
      "interleaved A/B: "};
  for (std::string_view prefix : k_method_prefixes) {
    if (note.starts_with(prefix)) return true;
  }
  // "baseline: 3 runs of history; …" describes; "baseline: one run, so …" warns.
  return note.starts_with("baseline: ") && note.find(" runs of history; ") != std::string::npos;
}

void Verdict::finalize() {
  summary = {};
  // A gate with no checks at all has nothing to stand on: no_data, not a silent pass.
  verdict = checks.empty() ? Status::no_data : Status::pass;
  for (const Check& check : checks) {
    switch (check.status) {
      case Status::pass:
        ++summary.passed;
        break;
      case Status::no_data:
        ++summary.no_data;
        break;
      case Status::warn:
        ++summary.warned;
        break;
      case Status::inconclusive:
        ++summary.inconclusive;
        break;
      case Status::fail:
        ++summary.failed;
        break;
    }
  }
  for (const Check& check : checks) verdict = std::max(verdict, check.status);
}

bool needs_confirmation(const Verdict& verdict) {
  bool undecided = false;
  for (const Check& check : verdict.checks) {
    if (check.kind == CheckKind::threshold && check.status == Status::fail) {
      return false;
    }
    if (check.kind == CheckKind::regression &&
        (check.status == Status::fail || check.status == Status::inconclusive)) {
      undecided = true;
    }
  }
  return undecided;
}

}  // namespace perfgate::stats
