// SPDX-License-Identifier: MIT
#include "perfgate/report/report_files.h"

#include <functional>

#include "perfgate/report/html_report.h"
#include "perfgate/report/json_report.h"
#include "perfgate/report/junit_report.h"
#include "perfgate/util/file.h"

namespace perfgate::report {

Status write_reports(const ReportInput& input, const ReportPaths& paths) {
  std::optional<Error> first_error;
  auto write = [&](const std::string& path, const std::function<std::string()>& render) {
    if (path.empty()) return;
    Status status = util::write_file_atomic(path, render());
    if (!status.ok() && !first_error) first_error = status.error();
  };
  write(paths.markdown, [&] {
    MarkdownOptions options;
    options.id = paths.id;
    options.max_chars = paths.markdown_max_chars;
    options.full_report_hint = paths.full_report_hint;
    return render_markdown(input, options);
  });
  write(paths.html, [&] { return render_html(input, {paths.id}); });
  write(paths.junit, [&] { return render_junit(input); });
  write(paths.json, [&] { return render_json(input, {paths.id}); });
  if (first_error) return *first_error;
  return ok_status();
}

}  // namespace perfgate::report
