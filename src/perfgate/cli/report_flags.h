// SPDX-License-Identifier: MIT
// The report outputs as command-line flags, the same on `report`, `compare` and `gate`:
// --markdown, --html, --junit, --json, --report-id, --markdown-limit, --report-link.
#pragma once

#include <CLI/CLI.hpp>

#include "perfgate/report/report_files.h"

namespace perfgate::cli {

// Adds the flags to `app`; they fill `paths`, which must outlive the parse.
void add_report_flags(CLI::App& app, report::ReportPaths& paths);

}  // namespace perfgate::cli
