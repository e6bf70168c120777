// SPDX-License-Identifier: MIT
// Everything a check says, as "key: value" lines of plain text (JUnit bodies, tooltips).
#pragma once

#include <string>

#include "perfgate/stats/verdict.h"

namespace perfgate::report {

// "kind: regression\nbaseline: 412 ms\ncurrent: 569 ms\nchange: +38%\n…", omitting what the
// check does not carry. Untrusted parts are cleaned to plain lines.
std::string check_details(const stats::Check& check);

// A stable name for the check, without numbers, so CI test history can follow it across runs:
// "p95 of login" (regression), "p95 of login: p(95)<500" (threshold),
// "change point: p95 of login".
std::string check_test_name(const stats::Check& check);

}  // namespace perfgate::report
