// SPDX-License-Identifier: MIT
#include "perfgate/pipeline/render_stage.h"

#include <fmt/format.h>

#include <filesystem>

#include "perfgate/github/gate_summary.h"
#include "perfgate/github/workflow_commands.h"
#include "perfgate/report/markdown_report.h"
#include "perfgate/util/log.h"

namespace perfgate::pipeline {

std::string render_markdown(const GateRun& run, size_t max_chars) {
  report::MarkdownOptions options;
  options.id = run.gate_id;
  options.max_chars = max_chars;
  if (!run.runner.run_url().empty()) {
    options.full_report_hint = fmt::format("[the workflow run]({})", run.runner.run_url());
  }
  return report::render_markdown(report_input(run), options);
}

void write_report_files(GateRun& run) {
  std::filesystem::path dir(run.config.report_dir);
  run.paths.markdown = (dir / "report.md").string();
  run.paths.html = (dir / "report.html").string();
  run.paths.junit = (dir / "junit.xml").string();
  run.paths.json = (dir / "report.json").string();
  run.paths.id = run.gate_id;
  run.paths.markdown_max_chars = report::k_step_summary_limit;
  if (auto written = report::write_reports(report_input(run), run.paths); !written) {
    // Not silent: the step shows it, and the outputs name only the files that exist.
    util::warn(fmt::format("reports: {}", written.error().describe()));
    if (run.runner.on_actions) {
      print_command(github::format_annotation({github::AnnotationLevel::warning,
                                               "perf-gate: reports not written",
                                               written.error().describe(), "", 0}));
    }
  }
}

// --markdown FILE, --html FILE, …: copies where the user asked, as `compare` writes them.
void write_extra_reports(const GateRun& run, report::ReportPaths paths) {
  if (paths.empty()) return;
  if (paths.id.empty()) paths.id = run.gate_id;
  if (auto written = report::write_reports(report_input(run), paths); !written) {
    util::warn(fmt::format("reports: {}", written.error().describe()));
  }
}

void write_summary_and_annotations(const GateRun& run) {
  if (!run.runner.step_summary_path.empty()) {
    // Leave room for other steps' summaries in the same file.
    auto how =
        github::append_step_summary(run.runner.step_summary_path,
                                    render_markdown(run, report::k_step_summary_limit / 2) + "\n");
    if (!how) util::warn(fmt::format("job summary: {}", how.error().describe()));
  }
  if (!run.runner.on_actions) return;
  for (const github::Annotation& a :
       github::cap_annotations(github::verdict_annotations(run.verdict))) {
    print_command(github::format_annotation(a));
  }
}

}  // namespace perfgate::pipeline
