// SPDX-License-Identifier: MIT
// The gate's render stage: the reports in report-dir (and any copies the report flags ask for),
// the job summary, and one annotation per failed check or warning.
#pragma once

#include <cstddef>
#include <string>

#include "perfgate/pipeline/gate_run.h"
#include "perfgate/report/report_files.h"

namespace perfgate::pipeline {

// The Markdown report of the run within `max_chars`, with a link to the workflow run on Actions.
std::string render_markdown(const GateRun& run, size_t max_chars);

// Writes report.md, report.html, junit.xml and report.json into report-dir and sets run.paths;
// a file that cannot be written is a warning (and a ::warning on Actions), never silent.
void write_report_files(GateRun& run);

// Writes the reports `paths` names (--markdown FILE, …), with the gate's id by default.
void write_extra_reports(const GateRun& run, report::ReportPaths paths);

// Appends the Markdown report to $GITHUB_STEP_SUMMARY and, on Actions, prints the annotations.
void write_summary_and_annotations(const GateRun& run);

}  // namespace perfgate::pipeline
