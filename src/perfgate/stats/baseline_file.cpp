// SPDX-License-Identifier: MIT
#include "perfgate/stats/baseline_file.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "perfgate/results/result_file.h"
#include "perfgate/stats/json_reader.h"
#include "perfgate/util/file.h"

namespace perfgate::stats {
namespace {

using json_io::Reader;
using nlohmann::json;

json spread_to_json(const WindowSpread& spread) {
  return {{"windows", spread.windows}, {"median", spread.median}, {"mad", spread.mad}};
}

json endpoint_to_json(const EndpointRunSummary& e) {
  return {{"name", e.name},
          {"requests", e.requests},
          {"errors", e.errors},
          {"error_rate", e.error_rate},
          {"rps", e.rps},
          {"mean_ms", e.mean_ms},
          {"p50_ms", e.p50_ms},
          {"p90_ms", e.p90_ms},
          {"p95_ms", e.p95_ms},
          {"p99_ms", e.p99_ms},
          {"window_p95_ms", spread_to_json(e.window_p95_ms)},
          {"window_rps", spread_to_json(e.window_rps)}};
}

json run_to_json(const RunSummary& run) {
  json endpoints = json::array();
  for (const EndpointRunSummary& e : run.endpoints) endpoints.push_back(endpoint_to_json(e));
  return {{"scenario", run.scenario},
          {"profile", run.profile},
          {"model", run.model},
          {"git_sha", run.git_sha},
          {"time", run.time},
          {"duration_s", run.duration_s},
          {"total", endpoint_to_json(run.total)},
          {"endpoints", endpoints}};
}

WindowSpread spread_from_json(Reader& parent, const char* key) {
  Reader reader(parent.child(key), parent.source(), parent.child_path(key));
  WindowSpread spread;
  spread.windows = static_cast<int>(reader.integer("windows"));
  spread.median = reader.number("median");
  spread.mad = reader.number("mad");
  if (!reader.ok()) parent.fail(reader.error().field, reader.error().message);
  return spread;
}

// A hand-edited or hostile history must not reach the statistics: negative latencies or an
// error rate of 5 would otherwise turn into NO DATA (a pass) or a Boost domain error.
void check_summary(Reader& reader, const EndpointRunSummary& e) {
  if (!reader.ok()) return;
  auto bad = [](double value) { return !std::isfinite(value) || value < 0; };
  if (e.requests < 0 || e.errors < 0 || e.errors > e.requests) {
    reader.fail("errors", fmt::format("{} errors in {} requests", e.errors, e.requests));
  } else if (!(e.error_rate >= 0 && e.error_rate <= 1)) {
    reader.fail("error_rate", "expected a fraction between 0 and 1");
  } else if (bad(e.rps) || bad(e.mean_ms) || bad(e.p50_ms) || bad(e.p90_ms) || bad(e.p95_ms) ||
             bad(e.p99_ms)) {
    reader.fail("p95_ms", "latencies and rates must be finite and non-negative");
  } else if (bad(e.window_p95_ms.median) || bad(e.window_p95_ms.mad) || bad(e.window_rps.median) ||
             bad(e.window_rps.mad) || e.window_p95_ms.windows < 0 || e.window_rps.windows < 0) {
    reader.fail("window_p95_ms", "window spreads must be finite and non-negative");
  }
}

EndpointRunSummary endpoint_from_json(Reader& reader) {
  EndpointRunSummary e;
  e.name = reader.string("name");
  e.requests = reader.integer("requests");
  e.errors = reader.integer("errors");
  e.error_rate = reader.number("error_rate");
  e.rps = reader.number("rps");
  e.mean_ms = reader.number("mean_ms");
  e.p50_ms = reader.number("p50_ms");
  e.p90_ms = reader.number("p90_ms");
  e.p95_ms = reader.number("p95_ms");
  e.p99_ms = reader.number("p99_ms");
  e.window_p95_ms = spread_from_json(reader, "window_p95_ms");
  e.window_rps = spread_from_json(reader, "window_rps");
  check_summary(reader, e);
  return e;
}

Result<RunSummary> run_from_json(const json& value, const std::string& source,
                                 const std::string& path) {
  Reader reader(value, source, path);
  RunSummary run;
  run.scenario = reader.string("scenario");
  run.profile = reader.string("profile");
  run.model = reader.string("model");
  run.git_sha = reader.string("git_sha");
  run.time = reader.string("time");
  run.duration_s = reader.number("duration_s");
  Reader total(reader.child("total"), source, path + ".total");
  run.total = endpoint_from_json(total);
  if (!total.ok()) return total.error();
  const json& endpoints = reader.child("endpoints");
  if (!reader.ok()) return reader.error();
  for (size_t i = 0; i < endpoints.size(); ++i) {
    Reader endpoint(endpoints[i], source, fmt::format("{}.endpoints[{}]", path, i));
    run.endpoints.push_back(endpoint_from_json(endpoint));
    if (!endpoint.ok()) return endpoint.error();
  }
  return run;
}

Result<Baseline> baseline_from_json(const json& root, const std::string& source) {
  Reader reader(root, source, "");
  std::string schema = reader.string("schema");
  if (!reader.ok()) return reader.error();
  if (schema != k_baseline_schema) {
    std::string hint = schema.starts_with("perf-gate/baseline/")
                           ? "written by another perf-gate version; update perf-gate or "
                             "recreate the baseline with `perf-gate baseline update`"
                           : "not a perf-gate baseline";
    return Error::at(SourceLocation{source, 0, 0}, "schema",
                     fmt::format("unsupported schema '{}' ({}); this perf-gate reads '{}'", schema,
                                 hint, k_baseline_schema));
  }
  Baseline baseline;
  const json& latest = reader.child("latest");
  if (!reader.ok()) return reader.error();
  Result<results::RunResult> run = results::parse_result_json(latest, source + ": latest");
  if (!run) return run.error();
  baseline.latest = std::move(*run);
  const json& history = reader.child("history");
  if (!reader.ok()) return reader.error();
  if (!history.is_array() || history.empty()) {
    return Error::at(SourceLocation{source, 0, 0}, "history", "expected a non-empty array");
  }
  if (root.contains("keep")) {  // absent in baselines written before it was stored
    const json& keep = root["keep"];
    if (!keep.is_number_integer() || keep.get<int64_t>() < 1 || keep.get<int64_t>() > 10000)
      return Error::at(SourceLocation{source, 0, 0}, "keep", "expected an integer in 1..10000");
    baseline.keep = static_cast<int>(keep.get<int64_t>());
  }
  for (size_t i = 0; i < history.size(); ++i) {
    Result<RunSummary> summary = run_from_json(history[i], source, fmt::format("history[{}]", i));
    if (!summary) return summary.error();
    baseline.history.push_back(std::move(*summary));
  }
  return baseline;
}

}  // namespace

std::string baseline_to_json(const Baseline& baseline) {
  json history = json::array();
  for (const RunSummary& run : baseline.history) history.push_back(run_to_json(run));
  json root = {{"schema", k_baseline_schema},
               {"scenario", baseline.latest.meta.scenario},
               {"profile", baseline.latest.meta.profile},
               {"runs", baseline.history.size()},
               {"keep", baseline.keep},
               {"history", history}};
  // The latest run is spliced in as text: parsing a 24 h soak's results back into a DOM only to
  // print it again cost more than everything else in `baseline update`.
  std::string text = root.dump(1);
  std::string latest = results::to_json_text(baseline.latest);
  while (!latest.empty() && latest.back() == '\n') latest.pop_back();
  text.pop_back();  // the closing brace
  while (!text.empty() && text.back() == '\n') text.pop_back();
  text += ",\n \"latest\": " + latest + "\n}\n";
  return text;
}

Result<Baseline> parse_baseline(std::string_view json_text, const std::string& source) {
  Result<json> root = json_io::parse_text(json_text, source);
  if (!root) return root.error();
  return baseline_from_json(*root, source);
}

Result<Baseline> read_baseline_file(const std::string& path) {
  Result<std::string> text = util::read_file(path);
  if (!text) return text.error();
  return parse_baseline(*text, path);
}

perfgate::Status write_baseline_file(const std::string& path, const Baseline& baseline) {
  return util::write_file_atomic(path, baseline_to_json(baseline));
}

}  // namespace perfgate::stats
