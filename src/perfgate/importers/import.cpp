// SPDX-License-Identifier: MIT
#include "perfgate/importers/import.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "perfgate/importers/artillery_report.h"
#include "perfgate/importers/k6_points.h"
#include "perfgate/importers/k6_summary.h"
#include "perfgate/importers/line_reader.h"
#include "perfgate/results/result_file.h"
#include "perfgate/util/json_io.h"

namespace perfgate::importers {
namespace {

constexpr std::string_view k_known =
    "a k6 summary (--summary-export or handleSummary JSON), k6 --out json NDJSON, an Artillery "
    "2.x report (--output) or a perf-gate results file";

// Reads the whole (possibly gzipped) file: summaries and reports are small.
Result<std::string> read_text(const std::string& path) {
  auto reader = LineReader::open(path);
  if (!reader) return reader.error();
  std::string text;
  std::string_view line;
  while (true) {
    auto more = reader->next(line);
    if (!more) return more.error();
    if (!*more) break;
    text.append(line).push_back('\n');
  }
  return text;
}

// k6's NDJSON is recognised by its first line alone, so a large file is not read whole.
bool looks_like_k6_line(std::string_view line) {
  if (line.size() > 4096) return false;
  auto json = nlohmann::json::parse(line, nullptr, false);
  if (!json.is_object()) return false;
  auto type = json.find("type");
  return type != json.end() && type->is_string() && (*type == "Metric" || *type == "Point") &&
         json.contains("data");
}

Result<SourceKind> kind_of_document(std::string_view text, const std::string& path) {
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) {
    // The parser's error says where (a truncated file ends early); add what was expected.
    Error error = json_io::parse_text(text, path).error();
    error.message += fmt::format(" (expected {})", k_known);
    return error;
  }
  if (json.is_object()) {
    if (json.contains("schema")) return SourceKind::perf_gate;
    if (json.contains("aggregate")) return SourceKind::artillery;
    if (json.contains("metrics") && (json.contains("root_group") || json.contains("state")))
      return SourceKind::k6_summary;
  }
  return Error::at(SourceLocation{path, 0, 0}, "",
                   fmt::format("unrecognised content: expected {}", k_known));
}

std::optional<std::chrono::system_clock::time_point> file_time(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;
  return std::chrono::system_clock::from_time_t(info.st_mtime);
}

}  // namespace

std::optional<SourceKind> source_kind_from_name(std::string_view name) {
  if (name == "k6") return SourceKind::k6_summary;
  if (name == "k6-json") return SourceKind::k6_json;
  if (name == "artillery") return SourceKind::artillery;
  if (name == "perf-gate") return SourceKind::perf_gate;
  return std::nullopt;
}

std::string_view source_kind_name(SourceKind kind) {
  switch (kind) {
    case SourceKind::k6_summary:
      return "k6";
    case SourceKind::k6_json:
      return "k6-json";
    case SourceKind::artillery:
      return "artillery";
    case SourceKind::perf_gate:
      return "perf-gate";
  }
  return "?";
}

namespace {

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// An empty file (a tool that crashed before writing, a redirect that failed) said as such, not
// as a JSON syntax error at 1:1.
Error empty_file(const std::string& path) {
  return Error::at(SourceLocation{path, 0, 0}, "",
                   "the file is empty: expected a k6 summary, k6 --out json NDJSON, an Artillery "
                   "report or a perf-gate results file (did the tool that writes it fail?)");
}

}  // namespace

Result<SourceKind> detect_source_kind(const std::string& path) {
  auto reader = LineReader::open(path);
  if (!reader) return reader.error();
  std::string_view line;
  auto more = reader->next(line);
  if (!more) return more.error();
  if (*more && looks_like_k6_line(line)) return SourceKind::k6_json;
  auto text = read_text(path);
  if (!text) return text.error();
  if (is_blank(*text)) return empty_file(path);
  return kind_of_document(*text, path);
}

Result<results::RunResult> import_file(const std::string& path, std::optional<SourceKind> kind,
                                       const ImportOptions& options) {
  if (!kind) {
    auto detected = detect_source_kind(path);
    if (!detected) return detected.error();
    kind = *detected;
  }
  if (*kind == SourceKind::k6_json) {
    auto reader = LineReader::open(path);
    if (!reader) return reader.error();
    return import_k6_points(*reader, options);
  }
  auto text = read_text(path);
  if (!text) return text.error();
  if (is_blank(*text)) return empty_file(path);
  ImportOptions with_time = options;
  if (!with_time.fallback_start) with_time.fallback_start = file_time(path);
  switch (*kind) {
    case SourceKind::k6_summary:
      return import_k6_summary(*text, path, with_time);
    case SourceKind::artillery:
      return import_artillery_report(*text, path, options);
    case SourceKind::perf_gate:
      return results::parse_result(*text, path);
    case SourceKind::k6_json:
      break;
  }
  return Error::bad_input("unreachable");
}

}  // namespace perfgate::importers
