// SPDX-License-Identifier: MIT
#include "perfgate/github/workflow_commands.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <random>

#include "perfgate/util/file.h"

namespace perfgate::github {
namespace {

std::string escape(std::string_view text, bool property) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      case ':':
        out += property ? "%3A" : ":";
        break;
      case ',':
        out += property ? "%2C" : ",";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string random_delimiter() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return fmt::format("ghadelimiter_{:016x}{:016x}", rng(), rng());
}

bool is_blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

// The largest prefix of `text` within `budget` bytes that ends at a line break, or else at a
// UTF-8 character boundary.
std::string_view fit(std::string_view text, size_t budget) {
  if (text.size() <= budget) return text;
  std::string_view head = text.substr(0, budget);
  if (size_t newline = head.rfind('\n'); newline != std::string_view::npos) {
    return head.substr(0, newline + 1);
  }
  size_t end = budget;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace

std::string escape_data(std::string_view text) {
  return escape(text, false);
}
std::string escape_property(std::string_view text) {
  return escape(text, true);
}

const char* annotation_command(AnnotationLevel level) {
  switch (level) {
    case AnnotationLevel::error:
      return "error";
    case AnnotationLevel::warning:
      return "warning";
    case AnnotationLevel::notice:
      return "notice";
  }
  return "notice";
}

std::string format_annotation(const Annotation& annotation) {
  std::vector<std::string> properties;
  if (!annotation.title.empty()) properties.push_back("title=" + escape_property(annotation.title));
  if (!annotation.file.empty()) properties.push_back("file=" + escape_property(annotation.file));
  if (annotation.line > 0) properties.push_back(fmt::format("line={}", annotation.line));
  if (annotation.line > 0 && annotation.column > 0) {
    properties.push_back(fmt::format("col={}", annotation.column));
  }
  std::string command = annotation_command(annotation.level);
  if (!properties.empty()) command += " " + fmt::format("{}", fmt::join(properties, ","));
  return fmt::format("::{}::{}", command, escape_data(annotation.message));
}

Annotation error_annotation(const Error& error, const std::string& workspace) {
  Annotation annotation;
  annotation.level = AnnotationLevel::error;
  annotation.title =
      error.kind == ErrorKind::bad_input ? "perf-gate: bad input" : "perf-gate: error";
  annotation.message = error.describe();
  if (error.location && !error.location->file.empty()) {
    std::string file = error.location->file;
    std::string prefix = workspace.ends_with('/') ? workspace : workspace + "/";
    if (!workspace.empty() && file.starts_with(prefix)) file = file.substr(prefix.size());
    if (file.starts_with("./")) file = file.substr(2);
    annotation.file = file;
    annotation.line = error.location->line;
    annotation.column = error.location->column;
  }
  return annotation;
}

std::vector<Annotation> cap_annotations(const std::vector<Annotation>& annotations,
                                        int max_per_level) {
  std::vector<Annotation> shown;
  for (AnnotationLevel level :
       {AnnotationLevel::error, AnnotationLevel::warning, AnnotationLevel::notice}) {
    std::vector<const Annotation*> of_level;
    for (const Annotation& a : annotations) {
      if (a.level == level) of_level.push_back(&a);
    }
    auto total = static_cast<int>(of_level.size());
    if (total <= max_per_level) {
      for (const Annotation* a : of_level) shown.push_back(*a);
      continue;
    }
    // Keep max - 1 and use the last slot to say what was left out, so nothing vanishes silently.
    for (int i = 0; i < max_per_level - 1; ++i) shown.push_back(*of_level[static_cast<size_t>(i)]);
    int hidden = total - (max_per_level - 1);
    Annotation more;
    more.level = level;
    more.title = fmt::format("perf-gate: {} more", hidden);
    more.message = fmt::format(
        "{} more {} not shown here (GitHub shows {} per step); see the job "
        "summary for every check",
        hidden, level == AnnotationLevel::error ? "failures" : "warnings", max_per_level);
    shown.push_back(std::move(more));
  }
  return shown;
}

std::string format_add_mask(std::string_view value) {
  if (is_blank(value)) return "";
  return "::add-mask::" + escape_data(value);
}

Result<std::string> format_output(std::string_view name, std::string_view value) {
  if (name.empty() || name.find('=') != std::string_view::npos ||
      name.find("<<") != std::string_view::npos ||
      name.find_first_of("\r\n") != std::string_view::npos) {
    Error error =
        Error::bad_input("an output name must be non-empty, without '=', '<<' or line breaks");
    error.field = std::string(name);
    return error;
  }
  std::string delimiter = random_delimiter();
  while (value.find(delimiter) != std::string_view::npos ||
         name.find(delimiter) != std::string_view::npos) {
    delimiter = random_delimiter();
  }
  return fmt::format("{}<<{}\n{}\n{}\n", name, delimiter, value, delimiter);
}

Status write_outputs(const std::string& path,
                     const std::vector<std::pair<std::string, std::string>>& outputs) {
  std::string content;
  for (const auto& [name, value] : outputs) {
    auto text = format_output(name, value);
    if (!text) return text.error();
    content += *text;
  }
  return util::append_file(path, content);
}

Result<SummaryWrite> append_step_summary(const std::string& path, std::string_view markdown,
                                         size_t cap_bytes) {
  std::error_code ec;
  uintmax_t existing = std::filesystem::exists(path, ec) ? std::filesystem::file_size(path, ec) : 0;
  if (ec) existing = 0;
  size_t room = existing >= cap_bytes ? 0 : cap_bytes - static_cast<size_t>(existing);
  SummaryWrite how = SummaryWrite::written;
  std::string content;
  if (markdown.size() <= room) {
    content = std::string(markdown);
  } else {
    static constexpr std::string_view k_note =
        "\n\n> perf-gate: the rest of this summary was cut to stay within GitHub's 1 MiB limit; "
        "the full report is in the report directory.\n";
    if (room <= k_note.size()) return SummaryWrite::skipped;
    content = std::string(fit(markdown, room - k_note.size()));
    content += k_note;
    how = SummaryWrite::truncated;
  }
  auto status = util::append_file(path, content);
  if (!status) return status.error();
  return how;
}

}  // namespace perfgate::github
