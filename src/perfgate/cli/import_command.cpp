// SPDX-License-Identifier: MIT
// `perf-gate import`: another load tool's output (k6, Artillery) as a perf-gate results file, or
// its pass/fail rules as perf-gate thresholds (docs/import.md).
#include <fmt/format.h>

#include <memory>
#include <string>

#include "perfgate/cli/command.h"
#include "perfgate/importers/import.h"
#include "perfgate/importers/k6_points.h"
#include "perfgate/importers/k6_summary.h"
#include "perfgate/importers/line_reader.h"
#include "perfgate/importers/thresholds_import.h"
#include "perfgate/results/result_file.h"
#include "perfgate/util/file.h"
#include "perfgate/util/log.h"

namespace perfgate::cli {
namespace {

struct ImportCommandOptions {
  std::string input;
  std::string from;  // k6 | k6-json | artillery | k6-thresholds | artillery-ensure; "" = detect
  std::string out;   // default: results.json, or thresholds.yaml for thresholds
  std::string thresholds_out;  // also write the k6 thresholds a k6 file carries
  importers::ImportOptions import;
};

// When --from names another kind than the content shows, say which.
Error with_hint(Error error, const std::string& path, importers::SourceKind asked) {
  auto detected = importers::detect_source_kind(path);
  if (detected && *detected != asked) {
    error.message +=
        fmt::format(" (the content looks like --from {})", importers::source_kind_name(*detected));
  }
  return error;
}

ExitCode write_thresholds(const importers::ConvertedThresholds& converted,
                          const std::string& path) {
  util::write_file_atomic(path, converted.yaml).value_or_throw();
  for (const std::string& skipped : converted.skipped)
    fmt::print(stderr, "perf-gate: warning: threshold skipped: {}\n", skipped);
  fmt::print(stderr, "perf-gate: wrote {} threshold rules to {} ({} skipped)\n", converted.rules,
             path, converted.skipped.size());
  return ExitCode::success;
}

ExitCode convert_thresholds(const ImportCommandOptions& options) {
  std::string out = options.out.empty() ? "thresholds.yaml" : options.out;
  std::string text = util::read_file(options.input).value_or_throw();
  auto converted = options.from == "k6-thresholds"
                       ? importers::convert_k6_thresholds_file(text, options.input)
                       : importers::convert_artillery_ensure(text, options.input);
  return write_thresholds(std::move(converted).value_or_throw(), out);
}

// The thresholds a k6 file carries (NDJSON Metric lines, or the summary's `thresholds`).
void extract_k6_thresholds(const ImportCommandOptions& options, importers::SourceKind kind) {
  std::map<std::string, std::vector<std::string>> found;
  if (kind == importers::SourceKind::k6_json) {
    auto reader = importers::LineReader::open(options.input).value_or_throw();
    importers::K6PointsImporter importer(options.import);
    std::string_view line;
    // Metric lines come before their metric's first point; reading the whole file again is
    // the price of not keeping them during the import.
    while (reader.next(line).value_or_throw()) {
      if (line.find(R"("type":"Metric")") == std::string_view::npos) continue;
      importer.add_line(line, options.input, reader.line_number()).value_or_throw();
    }
    found = importer.thresholds();
  } else if (kind == importers::SourceKind::k6_summary) {
    std::string text = util::read_file(options.input).value_or_throw();
    found = importers::k6_summary_thresholds(text, options.input).value_or_throw();
  } else {
    throw Fatal(
        Error::bad_input("--thresholds-out: only k6 files carry thresholds; for "
                         "Artillery use --from artillery-ensure on the script"));
  }
  write_thresholds(importers::convert_k6_thresholds(found, options.input), options.thresholds_out);
}

ExitCode import(const ImportCommandOptions& options) {
  if (options.from == "k6-thresholds" || options.from == "artillery-ensure")
    return convert_thresholds(options);
  std::optional<importers::SourceKind> kind;
  if (!options.from.empty()) kind = importers::source_kind_from_name(options.from);
  auto imported = importers::import_file(options.input, kind, options.import);
  if (!imported) {
    throw Fatal(kind && imported.error().kind == ErrorKind::bad_input
                    ? with_hint(imported.error(), options.input, *kind)
                    : imported.error());
  }
  std::string out = options.out.empty() ? "results.json" : options.out;
  results::write_result_file(out, *imported).value_or_throw();
  auto total = results::summarize(imported->metrics.total(), imported->meta.duration);
  fmt::print(stderr,
             "perf-gate: imported {} ({}) into {}: {} endpoints, {} requests, {} errors, p95 "
             "{:.2f} ms{}\n",
             options.input, imported->meta.source, out, imported->metrics.endpoints.size(),
             total.requests, total.errors, total.p95_ms,
             imported->meta.latency_precision == results::LatencyPrecision::percentiles
                 ? " (from percentiles only)"
                 : "");
  // Also kept in the results file's `warnings`, where reports show them; said here too, since
  // an import is often the only step a user watches.
  for (const std::string& warning : imported->warnings) util::warn(warning);  // names from files
  if (!options.thresholds_out.empty()) {
    auto detected = kind ? *kind : importers::detect_source_kind(options.input).value_or_throw();
    extract_k6_thresholds(options, detected);
  }
  return ExitCode::success;
}

}  // namespace

CommandAction setup_import_command(CLI::App& app) {
  auto options = std::make_shared<ImportCommandOptions>();
  app.add_option("file", options->input,
                 "k6 summary or --out json (.gz too), Artillery report, or thresholds to convert")
      ->required()
      ->check(CLI::ExistingFile);
  app.add_option("--from", options->from,
                 "k6 (summary), k6-json (--out json), artillery (--output report); "
                 "k6-thresholds (options.thresholds as JSON) or artillery-ensure (script YAML) "
                 "convert thresholds. Default: detected from the content")
      ->check(CLI::IsMember(
          {"k6", "k6-json", "artillery", "perf-gate", "k6-thresholds", "artillery-ensure"}));
  app.add_option("-o,--out", options->out,
                 "Where to write the results (default results.json) or thresholds "
                 "(default thresholds.yaml)");
  app.add_option("--thresholds-out", options->thresholds_out,
                 "Also convert the thresholds a k6 file carries into this perf-gate file");
  app.add_option("--scenario", options->import.scenario,
                 "Scenario name in the results (default: k6 or artillery); baselines match on it");
  app.add_option("--profile", options->import.profile, "Profile name in the results")
      ->capture_default_str();
  return [options] { return import(*options); };
}

}  // namespace perfgate::cli
