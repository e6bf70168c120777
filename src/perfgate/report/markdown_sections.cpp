// SPDX-License-Identifier: MIT
#include "perfgate/report/markdown_sections.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "perfgate/report/check_text.h"
#include "perfgate/report/failed_requests.h"
#include "perfgate/report/report_notes.h"

namespace perfgate::report::markdown {
namespace {

// Notes and explanations are sentences, longer than names (an inconclusive check's explanation,
// with its noise and what to do, runs to about 500 characters).
constexpr size_t k_max_note_chars = 700;

// Notes and explanations quote commands in backticks (`perf-gate ab`), and untrusted names may
// hold backticks too: paired ones become code (its content escaped like any name), the rest is
// escaped text; an odd count, or text past the limit, is escaped whole.
std::string prose_markdown(std::string_view text) {
  size_t ticks = static_cast<size_t>(std::count(text.begin(), text.end(), '`'));
  if (ticks == 0 || ticks % 2 != 0 || text.size() > k_max_note_chars) {
    return escape_markdown(text, k_max_note_chars);
  }
  std::string out;
  bool code = false;
  size_t start = 0;
  for (size_t at = text.find('`');; at = text.find('`', start)) {
    std::string_view part = text.substr(start, at == std::string_view::npos ? at : at - start);
    out += code ? markdown_code(part) : escape_markdown(part, k_max_note_chars);
    if (at == std::string_view::npos) break;
    code = !code;
    start = at + 1;
  }
  return out;
}

std::string short_sha(const std::string& sha) {
  return markdown_code(sha.substr(0, 7));
}

std::string identity_text(const stats::RunIdentity& identity) {
  std::vector<std::string> parts;
  if (!identity.git_sha.empty()) parts.push_back(short_sha(identity.git_sha));
  if (!identity.time.empty()) parts.push_back(escape_markdown(identity.time));
  return parts.empty() ? std::string("unknown") : fmt::format("{}", fmt::join(parts, " at "));
}

// "412 → **569** (+38%)": baseline and current with the change; bold when a check flagged it.
std::string compare_cell(std::optional<double> baseline, std::optional<double> current, Unit unit,
                         bool flagged) {
  std::string text;
  if (baseline && current) {
    std::string before = format_number(*baseline, unit), after = format_number(*current, unit);
    text = fmt::format("{} → {}", before, after);
    // A percentage of what the table shows as equal, or of a rate, or of a value that rounds
    // to zero ("0.00 → 0.00 (+552%)") is noise.
    bool shown_as_zero = before.find_first_not_of("0.,%") == std::string::npos;
    if (before != after && !shown_as_zero && unit != Unit::ratio && *baseline != 0) {
      text += fmt::format(" ({})", format_change(*current / *baseline - 1));
    }
  } else if (current) {
    text = format_number(*current, unit);
  } else if (baseline) {
    text = format_number(*baseline, unit) + " → —";
  } else {
    return "—";
  }
  return flagged ? "**" + text + "**" : text;
}

std::string endpoint_row(const EndpointRow& row) {
  auto cell = [&](auto field, stats::MetricId metric, Unit unit) {
    return compare_cell(row.baseline.*field, row.current.*field, unit, row.flagged(metric));
  };
  std::string name = row.name.empty() ? std::string("**all requests**") : markdown_code(row.name);
  return fmt::format("| {} | {} | {} | {} | {} | {} |\n", mark_emoji(row.mark), name,
                     cell(&SideValues::p50_ms, stats::MetricId::p50, Unit::ms),
                     cell(&SideValues::p95_ms, stats::MetricId::p95, Unit::ms),
                     cell(&SideValues::error_rate, stats::MetricId::error_rate, Unit::ratio),
                     cell(&SideValues::rps, stats::MetricId::rps, Unit::per_second));
}

// Six columns: the explanation is in the problems list above, not in a cell that overflows.
std::string check_row(const stats::Check& check) {
  MetricInfo info = metric_info(check.metric, check.rule);
  bool threshold = check.kind == stats::CheckKind::threshold;
  std::string reference;
  if (threshold) {
    reference = check.rule.empty() ? std::string("—") : markdown_code(check.rule);
  } else if (check.baseline) {
    reference = format_value(*check.baseline, info.unit);
  } else {
    reference = "—";
  }
  std::string subject = check_subject(check, TextStyle::markdown);
  if (check.kind == stats::CheckKind::change_point) subject += " (change point)";
  std::string current = check.current ? format_value(*check.current, info.unit) : "—";
  std::string p = check.p_value ? format_p_column(*check.p_value) : "—";
  return fmt::format("| {} | {} | {} | {} | {} | {} |\n", status_emoji(check.status), subject,
                     reference, current, change_cell(check, "—"), p);
}

std::string axis_number(double value) {
  return fmt::format("{:g}", value);
}

// Mermaid's xychart needs one value per category; a missing window reads as 0.
std::string mermaid_line(const std::vector<WindowPoint>& points, size_t count) {
  std::vector<std::string> values;
  for (size_t i = 0; i < count; ++i) {
    values.push_back(i < points.size() ? fmt::format("{:.2f}", points[i].p95_ms) : "0");
  }
  return fmt::format("    line [{}]\n", fmt::join(values, ", "));
}

std::string mermaid_chart(const Context& context) {
  const auto& current = context.current_series;
  const auto& baseline = context.baseline_series;
  // Mermaid cannot draw a point differently: a run's cut-off last window, whose p95 stands on a
  // handful of requests, is left out rather than plotted as a spike (the table keeps it).
  size_t count = current.size();
  while (count > 1 && current[count - 1].few_requests) --count;
  size_t left_out = current.size() - count;
  double top = 0;
  std::vector<std::string> labels;
  for (size_t i = 0; i < count; ++i) {
    labels.push_back(axis_number(current[i].start_s));
    top = std::max({top, current[i].p95_ms, i < baseline.size() ? baseline[i].p95_ms : 0.0});
  }
  std::string text = "```mermaid\n";
  text += "%%{init: {\"themeVariables\": {\"xyChart\": {\"plotColorPalette\": ";
  text += baseline.empty() ? "\"#d62728\"" : "\"#8c8c8c, #d62728\"";
  text += "}}}}%%\nxychart-beta\n";
  text += fmt::format("    title \"p95 latency per {} s window\"\n",
                      axis_number(current.front().length_s));
  text += fmt::format("    x-axis \"seconds since start\" [{}]\n", fmt::join(labels, ", "));
  text += fmt::format("    y-axis \"p95 (ms)\" 0 --> {}\n", axis_number(std::ceil(top * 1.1 + 1)));
  if (!baseline.empty()) text += mermaid_line(baseline, count);
  text += mermaid_line(current, count);
  text += "```\n\n";
  text += baseline.empty() ? "Red: this run." : "Grey: baseline, red: this run.";
  if (left_out > 0) {
    int64_t requests = 0;
    for (size_t i = count; i < current.size(); ++i) requests += current[i].requests;
    text += fmt::format(" The last {:.1f} s ({} requests) are too few to plot.",
                        current.back().start_s + current.back().length_s - current[count].start_s,
                        format_count(static_cast<double>(requests)));
  }
  return text + "\n\n";
}

std::string chart_table(const Context& context) {
  const auto& current = context.current_series;
  const auto& baseline = context.baseline_series;
  std::string text = "<details><summary>p95 per window as a table</summary>\n\n";
  text += "| t (s) | baseline p95 (ms) | p95 (ms) | requests | errors |\n";
  text += "|---:|---:|---:|---:|---:|\n";
  for (size_t i = 0; i < current.size(); ++i) {
    std::string base = i < baseline.size() ? format_ms(baseline[i].p95_ms) : "—";
    // A window the run ended in is marked: its p95 stands on fewer requests.
    text +=
        fmt::format("| {}{} | {} | {} | {} | {} |\n", axis_number(current[i].start_s),
                    current[i].partial() ? " (partial)" : "", base, format_ms(current[i].p95_ms),
                    format_count(static_cast<double>(current[i].requests)),
                    format_count(static_cast<double>(current[i].errors)));
  }
  return text + "\n</details>\n\n";
}

std::string phase_cell(std::optional<metrics::PhaseTotals> baseline,
                       std::optional<metrics::PhaseTotals> current, double PhaseMeans::*phase) {
  auto mean = [&](const std::optional<metrics::PhaseTotals>& side) -> std::optional<double> {
    if (!side || side->samples == 0) return std::nullopt;
    return phase_means(*side).*phase;
  };
  return compare_cell(mean(baseline), mean(current), Unit::ms, false);
}

// Which phase took most of the time: tells a slow backend (TTFB) from a slow network.
std::string dominant_phase(const std::optional<metrics::PhaseTotals>& phases) {
  if (!phases || phases->samples == 0) return "—";
  PhaseMeans means = phase_means(*phases);
  std::pair<double, const char*> shares[] = {{means.dns_ms, "DNS"},
                                             {means.connect_ms, "connect"},
                                             {means.tls_ms, "TLS"},
                                             {means.ttfb_ms, "TTFB"},
                                             {means.transfer_ms, "transfer"}};
  double sum = 0;
  for (const auto& share : shares) sum += share.first;
  if (sum <= 0) return "—";
  auto top = std::max_element(std::begin(shares), std::end(shares));
  return fmt::format("{} {:.0f}%", top->second, top->first / sum * 100);
}

}  // namespace

std::string fold(const Context& context, const std::string& title, const std::string& content) {
  if (content.empty()) return "";
  if (!context.options.collapse) return "#### " + title + "\n\n" + content;
  return "<details><summary>" + title + "</summary>\n\n" + content + "</details>\n\n";
}

Context make_context(const ReportInput& input, const MarkdownOptions& options) {
  Context context{input, options, endpoint_rows(input),   {}, {}, {},
                  {},    {},      find_root_causes(input)};
  if (input.current != nullptr) {
    context.current_series = total_series(*input.current, options.max_chart_points);
  }
  if (input.baseline_run != nullptr) {
    context.baseline_series = total_series(*input.baseline_run, options.max_chart_points);
  }
  for (const stats::Check& check : input.verdict.checks) context.checks.push_back(&check);
  auto rank = [](const stats::Check* check) {
    return check->status == stats::Status::pass ? 0 : -static_cast<int>(check->status);
  };
  std::stable_sort(context.checks.begin(), context.checks.end(),
                   [&](const stats::Check* a, const stats::Check* b) { return rank(a) < rank(b); });
  for (const Note& note : report_notes(input)) {
    std::string text = prose_markdown(note.text);
    if (note.level == Note::Level::warning) {
      context.notes.push_back("⚠️ " + text);
    } else {
      context.method_notes.push_back(text);
    }
  }
  return context;
}

std::string section_identity(const Context& context) {
  const stats::Verdict& verdict = context.input.verdict;
  // Interleaved A/B counts rounds on both sides; a confirmed gate, runs judged together.
  bool interleaved = std::any_of(
      verdict.checks.begin(), verdict.checks.end(),
      [](const stats::Check& check) { return check.method.starts_with("interleaved"); });
  std::string text = "**This run:** " + identity_text(verdict.current);
  if (verdict.current.runs > 1) {
    text += interleaved ? fmt::format(" ({} interleaved rounds)", verdict.current.runs)
                        : fmt::format(" ({} runs judged together)", verdict.current.runs);
  }
  if (verdict.baseline) {
    text += " · **Baseline:** " + identity_text(*verdict.baseline);
    if (verdict.baseline->runs > 1) {
      text += interleaved ? fmt::format(" ({} interleaved rounds)", verdict.baseline->runs)
                          : fmt::format(" ({} runs of history)", verdict.baseline->runs);
    }
  } else {
    text += " · **Baseline:** none";
  }
  return text + "\n\n";
}

std::string section_endpoints(const Context& context, const Detail& detail, Omissions& omitted) {
  if (context.rows.empty()) return "";
  std::string text = "#### Endpoints\n\n";
  text += "| | Endpoint | p50 (ms) | p95 (ms) | errors | req/s |\n";
  text += "|:-:|---|---:|---:|---:|---:|\n";
  size_t shown = 0, skipped = 0;
  for (const EndpointRow& row : context.rows) {
    bool is_total = &row == &context.rows.back() && row.name.empty();
    if (!is_total && shown >= detail.endpoint_rows) {
      ++skipped;
      continue;
    }
    text += endpoint_row(row);
    shown += is_total ? 0 : 1;
  }
  if (skipped > 0) {
    text += fmt::format("\n…and {} more endpoints (all within their checks or not checked).\n",
                        format_count(static_cast<double>(skipped)));
    omitted.push_back(fmt::format("{} endpoints beyond the worst {}",
                                  format_count(static_cast<double>(skipped)), shown));
  }
  // The legend names the marks the table uses, in the table's order.
  std::vector<std::string> legend;
  for (Mark mark : {Mark::regression, Mark::consequence, Mark::inconclusive, Mark::warning,
                    Mark::no_data, Mark::improvement, Mark::unchanged}) {
    bool used = std::any_of(context.rows.begin(), context.rows.end(),
                            [&](const EndpointRow& row) { return row.mark == mark; });
    if (!used) continue;
    legend.push_back(mark == Mark::consequence
                         ? std::string("🔗 consequence of another endpoint's latency")
                         : fmt::format("{} {}", mark_emoji(mark), mark_word(mark)));
  }
  const stats::Verdict& verdict = context.input.verdict;
  if (!verdict.baseline) {
    legend.push_back("cells: this run");
  } else if (context.input.baseline_run != nullptr && verdict.baseline->runs > 1) {
    // The checks judge against the whole history; the cells show one run of it.
    legend.push_back("cells: the baseline's latest run → this run (change)");
  } else {
    legend.push_back("cells: baseline → this run (change)");
  }
  text += fmt::format("\n{}\n\n", fmt::join(legend, " · "));
  return text;
}

std::string section_checks(const Context& context, const Detail& detail, Omissions& omitted) {
  if (context.checks.empty()) return "";
  std::string text = "| | Check | Baseline or limit | This run | Change | p |\n";
  text += "|:-:|---|---:|---:|---:|---:|\n";
  size_t problems = 0, passes = 0, skipped_problems = 0, skipped_passes = 0;
  for (const stats::Check* check : context.checks) {
    bool pass = check->status == stats::Status::pass;
    size_t& count = pass ? passes : problems;
    if (count >= (pass ? detail.passing_checks : detail.problem_checks)) {
      ++(pass ? skipped_passes : skipped_problems);
      continue;
    }
    ++count;
    text += check_row(*check);
  }
  if (skipped_passes > 0) {
    omitted.push_back(
        fmt::format("{} passing checks", format_count(static_cast<double>(skipped_passes))));
  }
  if (skipped_problems > 0) {
    omitted.push_back(fmt::format("{} failing, warning or no-data checks beyond the first {}",
                                  format_count(static_cast<double>(skipped_problems)), problems));
  }
  if (skipped_passes + skipped_problems > 0) {
    text += fmt::format("\n…and {} more checks.\n",
                        format_count(static_cast<double>(skipped_passes + skipped_problems)));
  }
  if (passes == 0 && problems == 0) return "";
  std::string title = context.options.collapse ? fmt::format("All {} checks", context.checks.size())
                                               : std::string("Checks");
  if (context.checks.size() == 1 && context.options.collapse) title = "The check";
  return fold(context, title, text + "\n");
}

std::string section_chart(const Context& context, const Detail& detail, Omissions& omitted) {
  if (context.current_series.empty()) return "";
  std::string text;
  if (context.options.chart == ChartStyle::html_placeholder) {
    text += std::string(k_chart_placeholder) + "\n\n";
  } else if (detail.chart) {
    text += mermaid_chart(context);
  } else {
    omitted.push_back("the latency chart");
  }
  if (detail.chart_table) {
    text += chart_table(context);
  } else {
    omitted.push_back("the chart's data table");
  }
  return (detail.chart || detail.chart_table) ? fold(context, "Latency over time", text) : "";
}

std::string section_phases(const Context& context, const Detail& detail, Omissions& omitted) {
  std::vector<const EndpointRow*> rows;
  for (const EndpointRow& row : context.rows) {
    if (!row.name.empty() && row.current.phases && row.current.phases->samples > 0) {
      rows.push_back(&row);
    }
  }
  if (rows.empty()) return "";
  if (!detail.phases) {
    omitted.push_back("the timing phases");
    return "";
  }
  std::stable_sort(rows.begin(), rows.end(), [](const EndpointRow* a, const EndpointRow* b) {
    return a->current.p95_ms.value_or(0) > b->current.p95_ms.value_or(0);
  });
  rows.resize(std::min(rows.size(), context.options.phase_endpoints));
  std::string text = fmt::format(
      "Mean per request of the {} slowest endpoints by p95, in ms. Setup is DNS, TCP connect "
      "and TLS (zero on reused connections); TTFB is the server's time.\n\n",
      rows.size());
  text += "| Endpoint | setup | TTFB | transfer | largest |\n";
  text += "|---|---:|---:|---:|---|\n";
  for (const EndpointRow* row : rows) {
    const auto& base = row->baseline.phases;
    const auto& cur = row->current.phases;
    text += fmt::format("| {} | {} | {} | {} | {} |\n", markdown_code(row->name),
                        phase_cell(base, cur, &PhaseMeans::setup_ms),
                        phase_cell(base, cur, &PhaseMeans::ttfb_ms),
                        phase_cell(base, cur, &PhaseMeans::transfer_ms), dominant_phase(cur));
  }
  return fold(context, "Where the time went", text + "\n");
}

std::string section_method(const Context& context) {
  std::string text;
  for (const std::string& note : context.method_notes) text += "- " + note + "\n";
  std::map<std::string, int> methods;
  std::map<double, int> tolerances;
  for (const stats::Check* check : context.checks) {
    if (!check->method.empty()) ++methods[check->method];
    if (check->tolerance) ++tolerances[*check->tolerance];
  }
  for (const auto& [method, count] : methods) {
    text +=
        fmt::format("- {}: {} {}\n", markdown_code(method), count, count == 1 ? "check" : "checks");
  }
  if (!tolerances.empty()) {
    std::vector<std::string> parts;
    for (const auto& [tolerance, count] : tolerances) {
      parts.push_back(fmt::format("±{} ({} {})", format_ratio(tolerance), count,
                                  count == 1 ? "check" : "checks"));
    }
    text += fmt::format(
        "- Tolerance: {}. A regression fails only when it is larger than its "
        "tolerance and beyond the noise.\n",
        fmt::join(parts, ", "));
  }
  const results::RunResult* run = context.input.current;
  if (run != nullptr && run->meta.model == "open") {
    text +=
        "- Open model: latency counts from each request's scheduled start, so a stalled "
        "server shows up as latency (corrected for coordinated omission).\n";
  } else if (run != nullptr && run->meta.model == "closed") {
    text +=
        "- Closed model: each virtual user waits for its response, so a slow server lowers "
        "the load rather than raising latency (coordinated omission); gate latency with an "
        "open model (arrival rate) when that matters.\n";
  }
  if (run != nullptr && !run->meta.http_client.empty()) {
    text += fmt::format(
        "- HTTP client: {}; each client adds its own time to every request, so compare runs of "
        "one client.\n",
        run->meta.http_client == "native"
            ? std::string("perf-gate's own HTTP/1.1 client (`native`)")
        : run->meta.http_client == "curl" ? std::string("libcurl (`curl`)")
                                          : markdown_code(run->meta.http_client));
  }
  return text.empty() ? "" : fold(context, "Method", text + "\n");
}

std::string section_notes(const Context& context, const Detail& detail, Omissions& omitted) {
  if (context.notes.empty()) return "";
  std::string text = "#### Notes\n\n";
  size_t shown = std::min(context.notes.size(), detail.notes);
  for (size_t i = 0; i < shown; ++i) text += "- " + context.notes[i] + "\n";
  if (shown < context.notes.size()) {
    omitted.push_back(fmt::format("{} notes", context.notes.size() - shown));
  }
  return text + "\n";
}

namespace {

size_t index_of(const Context& context, const stats::Check* check) {
  return static_cast<size_t>(check - context.input.verdict.checks.data());
}

std::string problem_line(const stats::Check& check) {
  std::string line = fmt::format("- {} **{}** {}\n", status_emoji(check.status),
                                 check_subject(check, TextStyle::markdown),
                                 check_finding(check, TextStyle::markdown));
  // The explanation says what the finding cannot: the tolerance and the noise it was judged
  // against, or what would let an undecided check decide. A plain limit explains itself.
  bool plain_threshold = check.kind == stats::CheckKind::threshold && check.method == "threshold";
  if (!plain_threshold && !check.explanation.empty()) {
    line += "  - " + prose_markdown(explanation_detail(check)) + "\n";
  }
  return line;
}

// An error rate or checks limit on all requests: which endpoints the failures came from.
std::string failing_endpoints_line(const Context& context, const stats::Check& check) {
  MetricInfo info = metric_info(check.metric, check.rule);
  bool about_failures = info.label == "error rate" || info.label == "checks";
  if (!about_failures || !check.endpoint.empty() || context.input.current == nullptr) return "";
  std::vector<EndpointFailures> failures = endpoint_failures(*context.input.current);
  if (failures.empty()) return "";
  std::vector<std::string> parts;
  for (const EndpointFailures& f : failures) {
    if (parts.size() == 3) {
      parts.push_back(fmt::format("{} more", failures.size() - 3));
      break;
    }
    parts.push_back(fmt::format("{} ({} of {} failed)", markdown_code(f.endpoint),
                                format_count(static_cast<double>(f.errors)),
                                format_count(static_cast<double>(f.requests))));
  }
  return fmt::format("  - from {}\n", fmt::join(parts, ", "));
}

std::string names_text(const std::vector<std::string>& names) {
  std::vector<std::string> quoted;
  for (const std::string& name : names) quoted.push_back(markdown_code(name));
  if (quoted.size() <= 2) return fmt::format("{}", fmt::join(quoted, " and "));
  std::string last = quoted.back();
  quoted.pop_back();
  return fmt::format("{} and {}", fmt::join(quoted, ", "), last);
}

bool is_problem(const stats::Check& check) {
  return check.status != stats::Status::pass;
}

}  // namespace

std::string section_judged(const Context& context) {
  const stats::Verdict& verdict = context.input.verdict;
  if (verdict.checks.empty()) return "";
  int counts[5] = {};
  int comparisons = 0, thresholds = 0;
  const stats::Check *most_sensitive = nullptr, *least_sensitive = nullptr;
  for (const stats::Check& check : verdict.checks) {
    ++counts[static_cast<int>(check.status)];
    (check.kind == stats::CheckKind::threshold ? thresholds : comparisons) += 1;
    if (!check.detectable_change || !is_latency_metric(check.metric)) continue;
    if (!most_sensitive || *check.detectable_change < *most_sensitive->detectable_change) {
      most_sensitive = &check;
    }
    if (!least_sensitive || *check.detectable_change > *least_sensitive->detectable_change) {
      least_sensitive = &check;
    }
  }
  std::vector<std::string> parts;
  auto add = [&](stats::Status status, const char* word) {
    int count = counts[static_cast<int>(status)];
    if (count > 0) parts.push_back(fmt::format("{} {} {}", status_emoji(status), count, word));
  };
  add(stats::Status::fail, "failed");
  add(stats::Status::inconclusive, "could not judge");
  add(stats::Status::warn, "warned");
  add(stats::Status::no_data, "without data");
  add(stats::Status::pass, "passed");
  std::vector<std::string> kinds;
  if (comparisons > 0) {
    kinds.push_back(fmt::format("{} against the baseline", comparisons));
  }
  if (thresholds > 0) {
    kinds.push_back(fmt::format("{} {}", thresholds, thresholds == 1 ? "limit" : "limits"));
  }
  // The kinds first: in brackets after "4 passed" they read as what passed.
  std::string text =
      fmt::format("**Checks:** {}: {}", fmt::join(kinds, ", "), fmt::join(parts, " · "));
  if (most_sensitive != nullptr) {
    std::string low = detectable_text(*most_sensitive), high = detectable_text(*least_sensitive);
    if (low == high) {
      text +=
          low.starts_with("only")
              ? fmt::format(" · the latency comparisons could detect {}", low)
              : fmt::format(" · the latency comparisons could detect slowdowns of {} or more", low);
    } else {
      text += fmt::format(" · the latency comparisons could detect from {} ({}) to {} ({})", low,
                          check_subject(*most_sensitive, TextStyle::markdown),
                          high.starts_with("only ") ? high.substr(5) : high,
                          check_subject(*least_sensitive, TextStyle::markdown));
    }
  }
  return text + "\n\n";
}

std::string section_problems(const Context& context, const Detail& detail, Omissions& omitted) {
  std::vector<const stats::Check*> roots, consequences;
  std::vector<std::pair<std::string, std::vector<std::string>>> no_data;  // endpoint -> metrics
  for (const stats::Check* check : context.checks) {
    if (!is_problem(*check)) continue;
    if (check->status == stats::Status::no_data && check->kind != stats::CheckKind::threshold) {
      auto it = std::find_if(no_data.begin(), no_data.end(),
                             [&](const auto& entry) { return entry.first == check->endpoint; });
      if (it == no_data.end()) it = no_data.insert(no_data.end(), {check->endpoint, {}});
      it->second.push_back(metric_info(check->metric, check->rule).label);
      continue;
    }
    bool consequence = context.causes.is_consequence(index_of(context, check));
    (consequence ? consequences : roots).push_back(check);
  }
  if (roots.empty() && consequences.empty() && no_data.empty()) return "";
  bool failed = context.input.verdict.verdict == stats::Status::fail;
  auto not_failed = [](const stats::Check* check) { return check->status != stats::Status::fail; };
  bool others = !no_data.empty() || std::any_of(roots.begin(), roots.end(), not_failed) ||
                std::any_of(consequences.begin(), consequences.end(), not_failed);
  std::string text = !failed  ? "#### What to look at\n\n"
                     : others ? "#### What failed, and what to look at\n\n"
                              : "#### What failed\n\n";
  size_t shown = 0;
  for (const stats::Check* check : roots) {
    if (shown == detail.problem_checks) break;
    text += problem_line(*check) + failing_endpoints_line(context, *check);
    ++shown;
  }
  if (shown < roots.size()) text += fmt::format("- …and {} more\n", roots.size() - shown);
  if (!consequences.empty()) {
    std::vector<std::string> items;
    for (const stats::Check* check : consequences) {
      if (items.size() == detail.problem_checks) {
        items.push_back(fmt::format("…and {} more", consequences.size() - items.size()));
        break;
      }
      std::optional<double> change = relative_change(*check);
      std::string what = check->status == stats::Status::inconclusive ? " could not judge"
                         : change                                     ? " " + format_change(*change)
                                                                      : std::string();
      items.push_back(check_subject(*check, TextStyle::markdown) + what);
    }
    text += fmt::format(
        "- 🔗 **Consequences, not separate regressions:** in a closed model the virtual users "
        "waited on {}, so fewer requests ran: {}.\n",
        names_text(context.causes.slow_endpoints), fmt::join(items, ", "));
  }
  // One line per endpoint without data (a step the profile never reached), not one per metric.
  for (const auto& [endpoint, labels] : no_data) {
    text += fmt::format("- ❔ **{}** had no data to compare: {}\n",
                        endpoint_text(endpoint, TextStyle::markdown), fmt::join(labels, ", "));
  }
  size_t left = roots.size() - shown;
  if (left > 0) omitted.push_back(fmt::format("{} problems beyond the first {}", left, shown));
  return text + "\n";
}

std::string section_failed_requests(const Context& context, const Detail& detail,
                                    Omissions& omitted) {
  if (context.input.current == nullptr) return "";
  std::vector<EndpointFailures> failures = endpoint_failures(*context.input.current);
  if (failures.empty()) return "";
  std::string text = "| Endpoint | failed | checks | status codes | error kinds |\n";
  text += "|---|---:|---|---|---|\n";
  size_t shown = 0;
  for (const EndpointFailures& f : failures) {
    if (shown == detail.endpoint_rows) break;
    double share = f.requests > 0 ? static_cast<double>(f.errors) / f.requests : 0;
    std::string checks =
        named_check_list(f, [](std::string_view name) { return escape_markdown(name, 80); });
    text += fmt::format("| {} | {} of {} ({}) | {} | {} | {} |\n", markdown_code(f.endpoint),
                        format_count(static_cast<double>(f.errors)),
                        format_count(static_cast<double>(f.requests)), format_ratio(share),
                        checks.empty() ? "—" : checks, f.statuses.empty() ? "—" : status_list(f),
                        error_kind_list(f));
    ++shown;
  }
  if (shown < failures.size()) {
    text += fmt::format("\n…and {} more endpoints with failures.\n", failures.size() - shown);
    omitted.push_back(fmt::format("{} endpoints' failed requests", failures.size() - shown));
  }
  text += "\n";
  // Shown openly when errors or checks are what failed the gate; folded otherwise.
  bool decisive =
      std::any_of(context.checks.begin(), context.checks.end(), [](const stats::Check* check) {
        MetricInfo info = metric_info(check->metric, check->rule);
        return is_problem(*check) && (info.label == "error rate" || info.label == "checks");
      });
  // …or when an endpoint failed one request in ten or more, whatever was checked.
  decisive = decisive || std::any_of(failures.begin(), failures.end(), [](const auto& f) {
               return f.requests > 0 && f.errors * 10 >= f.requests;
             });
  if (decisive || !context.options.collapse) return "#### Failed requests\n\n" + text;
  return fold(context, "Failed requests", text);
}

}  // namespace perfgate::report::markdown
