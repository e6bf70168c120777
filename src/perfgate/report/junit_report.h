// SPDX-License-Identifier: MIT
// JUnit XML: one test case per check, so that GitHub's and other CI systems' test reporters
// list the gate's checks. Mapping (docs/reports.md): fail -> <failure>, warn and no_data ->
// <skipped> with the reason, pass -> a plain test case; every case carries its details in
// <system-out>. One <testsuite> per check kind.
#pragma once

#include <string>

#include "perfgate/report/report_input.h"

namespace perfgate::report {

std::string render_junit(const ReportInput& input);

}  // namespace perfgate::report
