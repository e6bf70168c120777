// SPDX-License-Identifier: MIT
#include "perfgate/report/markdown_report.h"

#include <fmt/format.h>

#include "perfgate/report/markdown_sections.h"
#include "perfgate/report/number_format.h"
#include "perfgate/util/version.h"

namespace perfgate::report {
namespace {

using markdown::Detail;

// The order in which detail goes when the report does not fit (docs/reports.md): first what
// repeats other parts (the chart's table), then the least decisive (phases, passing checks,
// unremarkable endpoints), then the chart, and last the problems themselves.
constexpr size_t k_budget_steps = 7;

Detail detail_for_step(size_t step) {
  Detail detail;
  if (step >= 1) detail.chart_table = false;
  if (step >= 2) detail.phases = false;
  if (step >= 3) detail.passing_checks = 0;
  if (step >= 4) detail.endpoint_rows = 20;
  if (step >= 5) detail.chart = false;
  if (step >= 6) {
    detail.problem_checks = 20;
    detail.notes = 10;
    detail.endpoint_rows = 5;
  }
  return detail;
}

std::string shortened_note(const markdown::Omissions& omitted, const MarkdownOptions& options) {
  if (omitted.empty()) return "";
  std::string where = options.full_report_hint.empty() ? std::string("the HTML and JSON reports")
                                                       : options.full_report_hint;
  return fmt::format(
      "> ✂️ Shortened to fit {} characters: left out {}. The full report: {}.\n\n",
      format_count(static_cast<double>(options.max_chars)), fmt::join(omitted, ", "), where);
}

std::string footer() {
  return fmt::format("<sub>perf-gate {}</sub>\n", util::k_version);
}

struct Rendered {
  std::string head;  // headline and marker: never dropped
  std::string body;
  markdown::Omissions omitted;
};

Rendered render_at(const markdown::Context& context, const Detail& detail, const std::string& id) {
  Rendered out;
  out.head = "### " + markdown_headline(context.input.verdict) + "\n" + report_marker(id) + "\n\n";
  std::string& body = out.body;
  // The verdict and what it could judge, what failed and why, one table; the rest folded.
  body += markdown::section_identity(context);
  body += markdown::section_judged(context);
  body += markdown::section_problems(context, detail, out.omitted);
  body += markdown::section_endpoints(context, detail, out.omitted);
  body += markdown::section_failed_requests(context, detail, out.omitted);
  body += markdown::section_notes(context, detail, out.omitted);
  body += markdown::section_checks(context, detail, out.omitted);
  body += markdown::section_chart(context, detail, out.omitted);
  body += markdown::section_trend(context, detail, out.omitted);
  body += markdown::section_phases(context, detail, out.omitted);
  body += markdown::section_method(context);
  return out;
}

// Last resort when even the least detail does not fit (huge notes): cut the body at a line
// boundary.
std::string cut_body(const std::string& body, size_t room) {
  if (body.size() <= room) return body;
  size_t cut = body.rfind('\n', room == 0 ? 0 : room - 1);
  return cut == std::string::npos ? std::string() : body.substr(0, cut + 1);
}

}  // namespace

std::string default_report_id(const stats::Verdict& verdict) {
  return sanitize_marker_id(verdict.current.scenario + "/" + verdict.current.profile);
}

std::string render_markdown(const ReportInput& input, const MarkdownOptions& options) {
  std::string id = options.id.empty() ? default_report_id(input.verdict) : options.id;
  markdown::Context context = markdown::make_context(input, options);
  size_t limit = options.max_chars == 0 ? std::string::npos : options.max_chars;
  for (size_t step = 0;; ++step) {
    Rendered out = render_at(context, detail_for_step(step), id);
    std::string note = shortened_note(out.omitted, options);
    std::string text = out.head + note + out.body + footer();
    if (text.size() <= limit) return text;
    if (step + 1 < k_budget_steps) continue;
    out.omitted.push_back("the end of the report");
    note = shortened_note(out.omitted, options);
    size_t fixed = out.head.size() + note.size() + footer().size();
    std::string body = fixed < limit ? cut_body(out.body, limit - fixed) : std::string();
    text = out.head + note + body + footer();
    // Even head and note too big (an absurd limit): the headline and marker come first.
    return cut_body(text, limit);
  }
}

}  // namespace perfgate::report
