// SPDX-License-Identifier: MIT
#include "perfgate/report/console_report.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <vector>

#include "perfgate/report/check_text.h"
#include "perfgate/report/escape.h"
#include "perfgate/report/failed_requests.h"
#include "perfgate/report/headline.h"
#include "perfgate/report/report_notes.h"

namespace perfgate::report {
namespace {

constexpr size_t k_columns = 7;
using Row = std::array<std::string, k_columns>;

constexpr std::string_view k_reset = "\x1b[0m";

std::string_view status_color(stats::Status status) {
  switch (status) {
    case stats::Status::pass:
      return "\x1b[32m";
    case stats::Status::no_data:
      return "\x1b[2m";
    case stats::Status::warn:
    case stats::Status::inconclusive:
      return "\x1b[33m";
    case stats::Status::fail:
      return "\x1b[1;31m";
  }
  return "";
}

std::string paint(std::string_view text, std::string_view color, ColorMode mode) {
  if (mode == ColorMode::never || color.empty()) return std::string(text);
  return fmt::format("{}{}{}", color, text, k_reset);
}

Row check_row(const stats::Check& check) {
  MetricInfo info = metric_info(check.metric, check.rule);
  bool threshold = check.kind == stats::CheckKind::threshold;
  std::string reference = threshold        ? plain_line(check.rule, 40)
                          : check.baseline ? format_value(*check.baseline, info.unit)
                                           : "-";
  return {status_word(check.status),
          check_subject(check, TextStyle::plain),
          stats::check_kind_name(check.kind),
          reference,
          check.current ? format_value(*check.current, info.unit) : "-",
          change_cell(check, "-"),
          check.p_value ? format_p_column(*check.p_value) : "-"};
}

std::string pad(const std::string& text, size_t width) {
  size_t used = display_width(text);
  return text + std::string(width > used ? width - used : 0, ' ');
}

std::string render_table(const std::vector<Row>& rows, const std::vector<stats::Status>& statuses,
                         ColorMode mode) {
  std::array<size_t, k_columns> widths{};
  for (const Row& row : rows) {
    for (size_t c = 0; c < k_columns; ++c) widths[c] = std::max(widths[c], display_width(row[c]));
  }
  std::string text;
  for (size_t r = 0; r < rows.size(); ++r) {
    std::string line = "  ";
    for (size_t c = 0; c < k_columns; ++c) {
      std::string cell = c + 1 == k_columns ? rows[r][c] : pad(rows[r][c], widths[c] + 2);
      if (c == 0 && r > 0) cell = paint(cell, status_color(statuses[r - 1]), mode);
      if (r == 0) cell = paint(cell, "\x1b[1m", mode);
      line += cell;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    text += line + "\n";
  }
  return text;
}

}  // namespace

ColorMode color_mode_for(bool is_tty, const char* no_color) {
  bool disabled = no_color != nullptr && no_color[0] != '\0';
  return is_tty && !disabled ? ColorMode::always : ColorMode::never;
}

ColorMode detect_color_mode(std::FILE* stream) {
  return color_mode_for(isatty(fileno(stream)) == 1, std::getenv("NO_COLOR"));
}

std::string render_console(const ReportInput& input, const ConsoleOptions& options) {
  const stats::Verdict& verdict = input.verdict;
  std::string summary = one_line_summary(verdict);
  std::string word = status_word(verdict.verdict);
  std::string text = paint(word, status_color(verdict.verdict), options.color) +
                     summary.substr(word.size()) + "\n";
  std::vector<const stats::Check*> checks;
  for (const stats::Check& check : verdict.checks) checks.push_back(&check);
  std::stable_sort(checks.begin(), checks.end(), [](const stats::Check* a, const stats::Check* b) {
    auto rank = [](const stats::Check* c) {
      return c->status == stats::Status::pass ? 0 : -static_cast<int>(c->status);
    };
    return rank(a) < rank(b);
  });
  std::vector<Row> rows = {{"STATUS", "CHECK", "KIND", "BASELINE/LIMIT", "CURRENT", "CHANGE", "P"}};
  std::vector<stats::Status> statuses;
  size_t passing = 0, hidden = 0;
  for (const stats::Check* check : checks) {
    if (check->status == stats::Status::pass && passing++ >= options.max_passing_checks) {
      ++hidden;
      continue;
    }
    rows.push_back(check_row(*check));
    statuses.push_back(check->status);
  }
  if (!statuses.empty()) text += "\n" + render_table(rows, statuses, options.color);
  if (hidden > 0) text += fmt::format("  … and {} more passing checks\n", hidden);
  if (input.current != nullptr) {
    if (std::string failures = plain_failures(*input.current); !failures.empty()) {
      text += "\n" + failures;
    }
  }
  std::vector<Note> notes = report_notes(input);
  if (!notes.empty()) text += "\n";
  for (const Note& note : notes) {
    const char* label = note.level == Note::Level::warning ? "warning" : "note";
    text += fmt::format("  {}: {}\n", paint(label, "\x1b[33m", options.color),
                        plain_line(note.text, 400));
  }
  return text;
}

}  // namespace perfgate::report
