// SPDX-License-Identifier: MIT
// Output paths checked and made ready before any load is sent, so that a typo in a path costs
// nothing and a run's results always have somewhere to go.
#pragma once

#include <string>

#include "perfgate/report/report_files.h"
#include "perfgate/util/result.h"

namespace perfgate::pipeline {

// Creates `dir` and its parents. bad_input (naming `field`, e.g. "report-dir") when `dir` exists
// and is not a directory, or cannot be created.
Status prepare_output_dir(const std::string& dir, const std::string& field);

// Makes the directory an output file goes in, and refuses a path that is a directory. bad_input
// names `field` ("--out"). An empty path is nothing to prepare.
Status prepare_output_file(const std::string& path, const std::string& field);

// prepare_output_file for every report `paths` names; bad_input names the flag ("--html"), also
// when two outputs (a report, or `out`: the verdict's --out) would both go to stdout ('-').
Status prepare_report_paths(const report::ReportPaths& paths, const std::string& out = "");

}  // namespace perfgate::pipeline
