// SPDX-License-Identifier: MIT
#include "perfgate/stats/baseline_file.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "perfgate/results/result_file.h"
#include "perfgate/util/file.h"
#include "perfgate/util/json_io.h"

namespace perfgate::stats {
namespace {

using json_io::Field;
using nlohmann::json;

json spread_to_json(const WindowSpread& spread) {
  return {{"windows", spread.windows}, {"median", spread.median}, {"mad", spread.mad}};
}

json endpoint_to_json(const EndpointRunSummary& e) {
  json out = {{"name", e.name},
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
  if (e.quick_p50_ms > 0) out["quick_p50_ms"] = e.quick_p50_ms;
  return out;
}

json run_to_json(const RunSummary& run) {
  json endpoints = json::array();
  for (const EndpointRunSummary& e : run.endpoints) endpoints.push_back(endpoint_to_json(e));
  json out = {{"scenario", run.scenario},
              {"profile", run.profile},
              {"model", run.model},
              {"git_sha", run.git_sha},
              {"time", run.time},
              {"duration_s", run.duration_s},
              {"total", endpoint_to_json(run.total)},
              {"endpoints", endpoints}};
  if (run.swings.windows > 0) {
    out["throughput_swings"] = {{"windows", run.swings.windows}, {"swung", run.swings.swung}};
  }
  if (run.steady) {
    json steady_endpoints = json::array();
    for (const EndpointRunSummary& e : run.steady->endpoints)
      steady_endpoints.push_back(endpoint_to_json(e));
    out["steady_windows"] = {{"windows", run.steady->windows},
                             {"total", endpoint_to_json(run.steady->total)},
                             {"endpoints", steady_endpoints}};
  }
  return out;
}

WindowSpread spread_from_json(const Field& f) {
  WindowSpread spread;
  spread.windows = static_cast<int>(f["windows"].as_int());
  spread.median = f["median"].as_number();
  spread.mad = f["mad"].as_number();
  return spread;
}

// A hand-edited or hostile history must not reach the statistics: negative latencies or an
// error rate of 5 would otherwise turn into NO DATA (a pass) or a Boost domain error.
void check_summary(const Field& f, const EndpointRunSummary& e) {
  auto bad = [](double value) { return !std::isfinite(value) || value < 0; };
  if (e.requests < 0 || e.errors < 0 || e.errors > e.requests) {
    f["errors"].fail(fmt::format("{} errors in {} requests", e.errors, e.requests));
  } else if (!(e.error_rate >= 0 && e.error_rate <= 1)) {
    f["error_rate"].fail("expected a fraction between 0 and 1");
  } else if (bad(e.rps) || bad(e.mean_ms) || bad(e.p50_ms) || bad(e.p90_ms) || bad(e.p95_ms) ||
             bad(e.p99_ms)) {
    f["p95_ms"].fail("latencies and rates must be finite and non-negative");
  } else if (bad(e.window_p95_ms.median) || bad(e.window_p95_ms.mad) || bad(e.window_rps.median) ||
             bad(e.window_rps.mad) || e.window_p95_ms.windows < 0 || e.window_rps.windows < 0) {
    f["window_p95_ms"].fail("window spreads must be finite and non-negative");
  } else if (bad(e.quick_p50_ms)) {
    f["quick_p50_ms"].fail("expected a finite, non-negative latency");
  }
}

EndpointRunSummary endpoint_from_json(const Field& f) {
  EndpointRunSummary e;
  e.name = f["name"].as_string();
  e.requests = f["requests"].as_int();
  e.errors = f["errors"].as_int();
  e.error_rate = f["error_rate"].as_number();
  e.rps = f["rps"].as_number();
  e.mean_ms = f["mean_ms"].as_number();
  e.p50_ms = f["p50_ms"].as_number();
  e.p90_ms = f["p90_ms"].as_number();
  e.p95_ms = f["p95_ms"].as_number();
  e.p99_ms = f["p99_ms"].as_number();
  e.window_p95_ms = spread_from_json(f["window_p95_ms"]);
  e.window_rps = spread_from_json(f["window_rps"]);
  // Absent in baselines written before perf-gate recorded it.
  if (std::optional<Field> quick = f.find("quick_p50_ms")) e.quick_p50_ms = quick->as_number();
  check_summary(f, e);
  return e;
}

RunSummary run_from_json(const Field& f) {
  RunSummary run;
  run.scenario = f["scenario"].as_string();
  run.profile = f["profile"].as_string();
  run.model = f["model"].as_string();
  run.git_sha = f["git_sha"].as_string();
  run.time = f["time"].as_string();
  run.duration_s = f["duration_s"].as_number();
  run.total = endpoint_from_json(f["total"]);
  Field endpoints = f["endpoints"];
  endpoints.expect_array();
  for (size_t i = 0; i < endpoints.size(); ++i)
    run.endpoints.push_back(endpoint_from_json(endpoints.at(i)));
  if (std::optional<Field> swings = f.find("throughput_swings")) {  // absent before it was stored
    auto count = [](const Field& field, int64_t most) {
      const nlohmann::json& value = field.json();
      if (!value.is_number_integer()) {
        field.fail(fmt::format("expected a whole number of windows, found {}", value.dump()));
      }
      if (value.get<int64_t>() < 0 || value.get<int64_t>() > most) {
        field.fail(fmt::format("expected 0 to {} windows, found {}", most, value.dump()));
      }
      return static_cast<int>(value.get<int64_t>());
    };
    run.swings.windows = count((*swings)["windows"], 1 << 30);
    run.swings.swung = count((*swings)["swung"], run.swings.windows);
  }
  if (std::optional<Field> steady = f.find("steady_windows")) {  // absent before it was stored
    if (run.swings.windows == 0) {
      steady->fail("steady windows need the run's throughput_swings, which are missing");
    }
    SteadyRunSummary& out = run.steady.emplace();
    int64_t windows = (*steady)["windows"].as_int();
    if (windows < 1 || windows > run.swings.windows) {
      (*steady)["windows"].fail(fmt::format("expected 1 to {} windows (the run's), found {}",
                                            run.swings.windows, windows));
    }
    out.windows = static_cast<int>(windows);
    out.total = endpoint_from_json((*steady)["total"]);
    Field steady_endpoints = (*steady)["endpoints"];
    steady_endpoints.expect_array();
    if (steady_endpoints.size() != run.endpoints.size()) {
      steady_endpoints.fail(fmt::format("expected the run's {} endpoints, found {}",
                                        run.endpoints.size(), steady_endpoints.size()));
    }
    for (size_t i = 0; i < steady_endpoints.size(); ++i) {
      out.endpoints.push_back(endpoint_from_json(steady_endpoints.at(i)));
      if (out.endpoints.back().name != run.endpoints[i].name) {
        steady_endpoints.at(i)["name"].fail(
            fmt::format("expected '{}', the run's endpoint", run.endpoints[i].name));
      }
    }
  }
  return run;
}

// Throws FieldError; the latest run is read by the results reader, which returns its own Error.
Result<Baseline> baseline_from_json(const Field& root, const std::string& source) {
  std::string schema = root["schema"].as_string();
  if (schema != k_baseline_schema) {
    std::string hint = schema.starts_with("perf-gate/baseline/")
                           ? "written by another perf-gate version; update perf-gate or "
                             "recreate the baseline with `perf-gate baseline update`"
                           : "not a perf-gate baseline";
    root["schema"].fail(fmt::format("unsupported schema '{}' ({}); this perf-gate reads '{}'",
                                    schema, hint, k_baseline_schema));
  }
  Baseline baseline;
  Result<results::RunResult> run =
      results::parse_result_json(root["latest"].json(), source + ": latest");
  if (!run) return run.error();
  baseline.latest = std::move(*run);
  Field history = root["history"];
  if (!history.json().is_array() || history.size() == 0) history.fail("expected a non-empty array");
  if (std::optional<Field> keep = root.find("keep")) {  // absent before it was stored
    if (!keep->json().is_number_integer() || keep->as_int() < 1 || keep->as_int() > 10000)
      keep->fail("expected an integer in 1..10000");
    baseline.keep = static_cast<int>(keep->as_int());
  }
  for (size_t i = 0; i < history.size(); ++i)
    baseline.history.push_back(run_from_json(history.at(i)));
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
  try {
    return baseline_from_json(Field(*root, ""), source);
  } catch (const json_io::FieldError& e) {
    return json_io::field_error(source, e);
  }
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
