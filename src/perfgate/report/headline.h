// SPDX-License-Identifier: MIT
// The first line of every report: verdict, scenario, profile, how many checks failed, and the
// biggest problem ("❌ FAIL · `checkout` / `stress` · 2 of 14 checks failed · p95 of `login`
// +38% (412 → 569 ms), beyond noise (p = 0.002)").
#pragma once

#include <string>

#include "perfgate/stats/verdict.h"

namespace perfgate::report {

// The check the headline names: the worst status first, then the largest relative change in
// the bad direction. For a passing verdict, the regression check with the largest change.
// nullptr when there is none.
const stats::Check* headline_check(const stats::Verdict& verdict);

// "FAIL · checkout / stress · 2 of 14 checks failed · p95 of login +38% (412 → 569 ms),
// beyond noise (p = 0.002)": the headline without Markdown or emoji, one line, at most 250
// characters, untrusted text cleaned (for action outputs, check-run titles and logs).
std::string one_line_summary(const stats::Verdict& verdict);

// The same in Markdown: the status emoji, the status in bold, names as code.
std::string markdown_headline(const stats::Verdict& verdict);

// "2 of 14 checks failed", "all 14 checks passed", "1 of 3 checks warned", "no checks".
std::string count_phrase(const stats::Verdict& verdict);

}  // namespace perfgate::report
