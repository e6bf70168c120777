// SPDX-License-Identifier: MIT
// The results file (docs/results-format.md). Histograms are the source of truth: the summaries
// written beside them (percentiles, rps) are for humans and other tools, and are recomputed on
// read, never trusted.
#include "perfgate/results/result_file.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "perfgate/metrics/histogram_codec.h"
#include "perfgate/results/time_format.h"
#include "perfgate/util/file.h"
#include "perfgate/util/json_io.h"

namespace perfgate::results {
namespace {

using ordered_json = nlohmann::ordered_json;
using json_io::Field;
using json_io::FieldError;
using metrics::EndpointMetrics;

double round3(double value) {
  return std::round(value * 1000.0) / 1000.0;
}
double micros_to_s(std::chrono::microseconds us) {
  return static_cast<double>(us.count()) / 1e6;
}
std::chrono::microseconds s_to_micros(double s) {
  return std::chrono::microseconds(static_cast<int64_t>(std::llround(s * 1e6)));
}

ordered_json latency_summary(const metrics::Histogram& h) {
  ordered_json out;
  static constexpr double k_percentiles[] = {50, 90, 95, 99, 99.9};
  auto values = h.values_at_percentiles(k_percentiles);
  out["min"] = round3(static_cast<double>(h.min()) / 1000.0);
  out["mean"] = round3(h.mean() / 1000.0);
  out["p50"] = round3(static_cast<double>(values[0]) / 1000.0);
  out["p90"] = round3(static_cast<double>(values[1]) / 1000.0);
  out["p95"] = round3(static_cast<double>(values[2]) / 1000.0);
  out["p99"] = round3(static_cast<double>(values[3]) / 1000.0);
  out["p999"] = round3(static_cast<double>(values[4]) / 1000.0);
  out["max"] = round3(static_cast<double>(h.max()) / 1000.0);
  return out;
}

double mean_ms(int64_t sum_us, int64_t samples) {
  return samples == 0 ? 0.0
                      : round3(static_cast<double>(sum_us) / static_cast<double>(samples) / 1000.0);
}

ordered_json endpoint_to_json(const EndpointMetrics& e, std::chrono::microseconds duration) {
  ordered_json out;
  out["requests"] = e.requests;
  out["errors"] = e.errors;
  ordered_json kinds = ordered_json::object();
  for (size_t i = 0; i < metrics::k_error_kind_count; ++i) {
    // `request` (added later) is written only when it happened, so that files stay readable by
    // perf-gates that predate it.
    auto kind = static_cast<metrics::ErrorKind>(i);
    if (kind == metrics::ErrorKind::request && e.errors_by_kind[i] == 0) continue;
    kinds[std::string(metrics::error_kind_name(kind))] = e.errors_by_kind[i];
  }
  out["errors_by_kind"] = kinds;
  ordered_json status = ordered_json::object();
  for (const auto& [code, count] : e.status_counts) status[std::to_string(code)] = count;
  out["status"] = status;
  out["rps"] = round3(summarize(e, duration).rps);
  out["latency_ms"] = latency_summary(e.latency);
  out["bytes"] = {{"sent", e.bytes_sent}, {"received", e.bytes_received}};
  out["checks"] = {{"passed", e.checks_passed}, {"failed", e.checks_failed}};
  if (!e.named_checks.empty()) {
    // Added later: absent when no check has a name (older readers ignore unknown keys).
    ordered_json named = ordered_json::array();
    for (const metrics::NamedCheck& check : e.named_checks) {
      named.push_back({{"name", check.name}, {"passed", check.passed}, {"failed", check.failed}});
    }
    out["checks"]["by_name"] = std::move(named);
  }
  const metrics::PhaseTotals& p = e.phases;
  out["phases_ms"] = {{"dns", mean_ms(p.dns_us, p.samples)},
                      {"connect", mean_ms(p.connect_us, p.samples)},
                      {"tls", mean_ms(p.tls_us, p.samples)},
                      {"ttfb", mean_ms(p.ttfb_us, p.samples)},
                      {"transfer", mean_ms(p.transfer_us, p.samples)}};
  out["phases_total_us"] = {{"samples", p.samples},    {"dns", p.dns_us},
                            {"connect", p.connect_us}, {"tls", p.tls_us},
                            {"ttfb", p.ttfb_us},       {"transfer", p.transfer_us}};
  out["dropped_samples"] = e.dropped_samples;
  out["histogram"] = metrics::encode_histogram(e.latency);
  out["latency_uncorrected_ms"] = latency_summary(e.latency_uncorrected);
  out["histogram_uncorrected"] = metrics::encode_histogram(e.latency_uncorrected);
  return out;
}

ordered_json window_to_json(int64_t index, const metrics::EndpointWindow& w) {
  ordered_json out;
  out["t"] = index;
  out["requests"] = w.requests;
  out["errors"] = w.errors;
  if (!w.latency.empty()) {
    const metrics::CompactHistogram& h = w.latency;  // no expansion: 86,400 windows in a soak
    static constexpr double k_percentiles[] = {50, 90, 95, 99};
    auto values = h.values_at_percentiles(k_percentiles);
    out["latency_ms"] = {{"p50", round3(static_cast<double>(values[0]) / 1000.0)},
                         {"p90", round3(static_cast<double>(values[1]) / 1000.0)},
                         {"p95", round3(static_cast<double>(values[2]) / 1000.0)},
                         {"p99", round3(static_cast<double>(values[3]) / 1000.0)},
                         {"mean", round3(h.mean() / 1000.0)},
                         {"max", round3(static_cast<double>(h.max()) / 1000.0)}};
    out["histogram"] = metrics::encode_histogram(w.latency);
  }
  return out;
}

ordered_json meta_to_json(const RunResult& r) {
  const RunMetadata& m = r.meta;
  ordered_json out;
  out["scenario"] = m.scenario;
  out["profile"] = m.profile;
  out["model"] = m.model;
  out["target"] = m.target;
  out["start_time"] = format_rfc3339(m.start_time);
  out["duration_s"] = micros_to_s(m.duration);
  out["warmup_s"] = micros_to_s(m.warmup);
  out["perf_gate_version"] = m.perf_gate_version;
  out["git_sha"] = m.git_sha;
  out["git_ref"] = m.git_ref;
  out["host"] = m.host;
  out["shard"] = {{"index", m.shard_index}, {"count", m.shard_count}};
  // The fields below are written only when set, so that other results stay as they were (and
  // readable by perf-gates that predate them).
  if (m.merged_shard_count > 0) {
    ShardSet set = shard_set(m);
    out["merged_shards"] = {
        {"count", set.count}, {"present", set.present}, {"missing", set.missing()}};
  }
  if (!m.fingerprint.empty()) out["fingerprint"] = m.fingerprint;
  if (m.scheduled_start) {
    out["start_at"] = {{"scheduled", format_rfc3339(*m.scheduled_start)},
                       {"late_s", micros_to_s(m.start_late)}};
  }
  out["planned_vus"] = m.planned_vus;
  out["planned_rate"] = m.planned_rate;
  out["iterations"] = r.metrics.iterations;
  out["dropped_iterations"] = r.metrics.dropped_iterations;
  out["interrupted"] = m.interrupted;
  out["interrupt_reason"] = m.interrupt_reason;
  const GeneratorHealth& g = m.generator;
  out["generator"] = {{"cpu_percent", round3(g.cpu_percent)},
                      {"threads", g.threads},
                      {"max_loop_lag_ms", round3(g.max_loop_lag_ms)},
                      {"p99_loop_lag_ms", round3(g.p99_loop_lag_ms)},
                      {"open_files_limit", g.open_files_limit}};
  // Written only for imports, so native results files stay as they were.
  if (!m.source.empty()) out["source"] = m.source;
  if (m.latency_precision == LatencyPrecision::percentiles)
    out["latency_precision"] = "percentiles";
  if (!m.http_client.empty()) out["http_client"] = m.http_client;
  return out;
}

// ---- reading ----

// Counts above 2^53 are not plausible (and not exact as a double in other JSON tools); the cap
// also leaves merges and sums of a few thousand files far from int64 overflow.
constexpr int64_t k_max_count = int64_t{1} << 53;
// Windows may skip empty seconds, but a series spans at most this many windows beyond the
// entries it holds: memory follows the data in the file, not an index written in it.
constexpr int64_t k_max_window_gap = 3600;

std::chrono::microseconds read_seconds(const Field& f) {
  double s = f.as_number();
  if (!(s >= 0) || s > 1e9) f.fail("expected a non-negative number of seconds");
  return s_to_micros(s);
}

metrics::Histogram read_histogram(const Field& f) {
  auto decoded = metrics::decode_histogram(f.as_string());
  if (!decoded) f.fail(decoded.error().message);
  if (decoded->config() != metrics::k_latency_config) {
    f.fail(
        "histogram configuration differs from perf-gate's (µs, 1 µs..1 h, 2 significant figures)");
  }
  if (decoded->total_count() > k_max_count) f.fail("histogram count is implausibly large");
  return std::move(*decoded);
}

// A window's histogram straight into its compact form (a 24 h soak has 86,400 per endpoint).
metrics::CompactHistogram read_window_histogram(const Field& f) {
  auto decoded = metrics::decode_compact_histogram(f.as_string());
  if (!decoded) f.fail(decoded.error().message);
  if (decoded->total_count() > k_max_count) f.fail("histogram count is implausibly large");
  return std::move(*decoded);
}

int64_t read_count(const Field& f) {
  int64_t value = f.as_int();
  if (value < 0) f.fail("expected a non-negative count");
  if (value > k_max_count) f.fail("count is implausibly large (more than 2^53)");
  return value;
}

EndpointMetrics read_endpoint(const Field& f) {
  f.expect_object();
  EndpointMetrics e;
  e.requests = read_count(f["requests"]);
  e.errors = read_count(f["errors"]);
  Field kinds = f["errors_by_kind"];
  kinds.expect_object();
  int64_t kind_sum = 0;
  for (const auto& [name, value] : kinds.json().items()) {
    auto kind = metrics::error_kind_from_name(name);
    Field kind_field(value, kinds.path() + "." + name);
    if (!kind)
      kind_field.fail(
          "unknown error kind (connect, timeout, tls, http_4xx, http_5xx, check, other, request)");
    e.errors_by_kind[static_cast<size_t>(*kind)] = read_count(kind_field);
    kind_sum += e.errors_by_kind[static_cast<size_t>(*kind)];
  }
  if (kind_sum != e.errors)
    kinds.fail(fmt::format("add up to {}, but errors is {}", kind_sum, e.errors));
  if (e.errors > e.requests)
    f["errors"].fail(fmt::format("{} errors in {} requests", e.errors, e.requests));
  Field status = f["status"];
  status.expect_object();
  for (const auto& [code, value] : status.json().items()) {
    Field code_field(value, status.path() + "." + code);
    int parsed = 0;
    auto [end, ec] = std::from_chars(code.data(), code.data() + code.size(), parsed);
    if (ec != std::errc() || end != code.data() + code.size() || parsed < 0 || parsed > 999) {
      code_field.fail("expected an HTTP status code as key");
    }
    e.status_counts[parsed] = read_count(code_field);
  }
  Field bytes = f["bytes"];
  e.bytes_sent = read_count(bytes["sent"]);
  e.bytes_received = read_count(bytes["received"]);
  if (f.has("checks")) {
    e.checks_passed = read_count(f["checks"]["passed"]);
    e.checks_failed = read_count(f["checks"]["failed"]);
    if (f["checks"].has("by_name")) {
      Field named = f["checks"]["by_name"];
      named.expect_array();
      for (size_t i = 0; i < named.size(); ++i) {
        Field check = named.at(i);
        e.named_checks.push_back(
            {check["name"].as_string(), read_count(check["passed"]), read_count(check["failed"])});
      }
    }
  }
  if (f.has("phases_total_us")) {
    Field p = f["phases_total_us"];
    e.phases = {read_count(p["samples"]), read_count(p["dns"]),  read_count(p["connect"]),
                read_count(p["tls"]),     read_count(p["ttfb"]), read_count(p["transfer"])};
  }
  if (f.has("dropped_samples")) e.dropped_samples = read_count(f["dropped_samples"]);
  e.latency = read_histogram(f["histogram"]);
  e.latency_uncorrected =
      f.has("histogram_uncorrected") ? read_histogram(f["histogram_uncorrected"]) : e.latency;
  return e;
}

std::vector<metrics::EndpointWindow> read_windows(const Field& f) {
  f.expect_array();
  std::vector<metrics::EndpointWindow> windows;
  for (size_t i = 0; i < f.size(); ++i) {
    Field w = f.at(i);
    int64_t t = read_count(w["t"]);
    if (t > static_cast<int64_t>(f.size()) + k_max_window_gap) {
      w["t"].fail(
          fmt::format("window index {} is beyond the {} windows present (gaps of at most {})", t,
                      f.size(), k_max_window_gap));
    }
    if (static_cast<size_t>(t) < windows.size()) w["t"].fail("windows must be in ascending order");
    windows.resize(static_cast<size_t>(t) + 1);
    metrics::EndpointWindow& window = windows[static_cast<size_t>(t)];
    window.requests = read_count(w["requests"]);
    window.errors = read_count(w["errors"]);
    if (w.has("histogram")) window.latency = read_window_histogram(w["histogram"]);
  }
  return windows;
}

std::vector<metrics::LoadWindow> read_load(const Field& f) {
  f.expect_array();
  std::vector<metrics::LoadWindow> load;
  for (size_t i = 0; i < f.size(); ++i) {
    Field w = f.at(i);
    int64_t t = read_count(w["t"]);
    if (t > static_cast<int64_t>(f.size()) + k_max_window_gap) {
      w["t"].fail(
          fmt::format("window index {} is beyond the {} windows present (gaps of at most {})", t,
                      f.size(), k_max_window_gap));
    }
    if (static_cast<size_t>(t) < load.size()) w["t"].fail("windows must be in ascending order");
    load.resize(static_cast<size_t>(t) + 1);
    load.back() = {read_count(w["iterations_started"]), read_count(w["dropped_iterations"]),
                   read_count(w["active_vus_max"])};
  }
  return load;
}

void read_meta(const Field& m, RunResult& r) {
  m.expect_object();
  RunMetadata& meta = r.meta;
  meta.scenario = m["scenario"].as_string();
  meta.profile = m["profile"].as_string();
  meta.model = m["model"].as_string();
  if (meta.model != "closed" && meta.model != "open")
    m["model"].fail("expected \"closed\" or \"open\"");
  meta.target = m["target"].as_string();
  auto start = parse_rfc3339(m["start_time"].as_string());
  if (!start) m["start_time"].fail("expected an RFC 3339 time such as 2026-11-22T04:43:00Z");
  meta.start_time = *start;
  meta.duration = read_seconds(m["duration_s"]);
  meta.warmup = m.has("warmup_s") ? read_seconds(m["warmup_s"]) : std::chrono::microseconds(0);
  meta.perf_gate_version = m["perf_gate_version"].as_string();
  if (m.has("git_sha")) meta.git_sha = m["git_sha"].as_string();
  if (m.has("git_ref")) meta.git_ref = m["git_ref"].as_string();
  if (m.has("host")) meta.host = m["host"].as_string();
  if (m.has("shard")) {
    meta.shard_index = static_cast<int>(read_count(m["shard"]["index"]));
    meta.shard_count = static_cast<int>(read_count(m["shard"]["count"]));
    if (meta.shard_count < 1 || meta.shard_index >= meta.shard_count)
      m["shard"].fail("index must be below count");
  }
  if (m.has("merged_shards")) {
    Field merged = m["merged_shards"];
    int64_t count = read_count(merged["count"]);
    if (count < 1 || count > 100'000) merged["count"].fail("expected 1 to 100000 shards");
    meta.merged_shard_count = static_cast<int>(count);
    Field present = merged["present"];
    present.expect_array();
    for (size_t i = 0; i < present.size(); ++i) {
      int64_t shard = read_count(present.at(i));
      if (shard >= count) present.at(i).fail("a shard index must be below count");
      if (!meta.merged_shards.empty() && shard <= meta.merged_shards.back())
        present.at(i).fail("shard indexes must be in ascending order, each once");
      meta.merged_shards.push_back(static_cast<int>(shard));
    }
    // `missing` is derived from these two (and ignored on read).
  }
  if (m.has("fingerprint")) meta.fingerprint = m["fingerprint"].as_string();
  if (m.has("start_at")) {
    Field start_at = m["start_at"];
    auto scheduled = parse_rfc3339(start_at["scheduled"].as_string());
    if (!scheduled) start_at["scheduled"].fail("expected an RFC 3339 time");
    meta.scheduled_start = *scheduled;
    meta.start_late = read_seconds(start_at["late_s"]);
  }
  if (m.has("planned_vus")) meta.planned_vus = read_count(m["planned_vus"]);
  if (m.has("planned_rate")) meta.planned_rate = m["planned_rate"].as_number();
  r.metrics.iterations = m.has("iterations") ? read_count(m["iterations"]) : 0;
  r.metrics.dropped_iterations =
      m.has("dropped_iterations") ? read_count(m["dropped_iterations"]) : 0;
  if (m.has("interrupted")) meta.interrupted = m["interrupted"].as_bool();
  if (m.has("interrupt_reason")) meta.interrupt_reason = m["interrupt_reason"].as_string();
  if (m.has("generator")) {
    Field g = m["generator"];
    meta.generator.cpu_percent = g["cpu_percent"].as_number();
    meta.generator.threads = static_cast<int>(read_count(g["threads"]));
    meta.generator.max_loop_lag_ms = g["max_loop_lag_ms"].as_number();
    meta.generator.p99_loop_lag_ms = g["p99_loop_lag_ms"].as_number();
    meta.generator.open_files_limit = read_count(g["open_files_limit"]);
  }
  if (m.has("source")) meta.source = m["source"].as_string();
  if (m.has("latency_precision")) {
    std::string precision = m["latency_precision"].as_string();
    if (precision == "percentiles") {
      meta.latency_precision = LatencyPrecision::percentiles;
    } else if (precision != "histogram") {
      m["latency_precision"].fail("expected \"histogram\" or \"percentiles\"");
    }
  }
  if (m.has("http_client")) meta.http_client = m["http_client"].as_string();
}

RunResult read_document(const Field& root) {
  root.expect_object();
  std::string schema = root["schema"].as_string();
  if (schema != k_results_schema) {
    root["schema"].fail(fmt::format("unsupported format '{}': this perf-gate ({}) reads '{}'",
                                    schema, "results", k_results_schema));
  }
  RunResult r;
  read_meta(root["meta"], r);
  Field window = root["window_s"];
  r.metrics.window_length = read_seconds(window);
  if (r.metrics.window_length.count() <= 0) window.fail("must be positive");
  Field endpoints = root["endpoints"];
  endpoints.expect_object();
  for (const auto& [name, value] : endpoints.json().items()) {
    metrics::EndpointSeries& series = r.metrics.get_or_add(name);
    series.totals = read_endpoint(Field(value, endpoints.path() + "." + name));
  }
  Field windows = root["windows"];
  Field per_endpoint = windows["endpoints"];
  per_endpoint.expect_object();
  for (const auto& [name, value] : per_endpoint.json().items()) {
    Field series_field(value, per_endpoint.path() + "." + name);
    if (!r.metrics.find(name))
      series_field.fail("windows for an endpoint that is not in `endpoints`");
    r.metrics.get_or_add(name).windows = read_windows(series_field);
  }
  r.metrics.load = read_load(windows["load"]);
  if (root.has("warnings")) {
    Field warnings = root["warnings"];
    warnings.expect_array();
    for (size_t i = 0; i < warnings.size(); ++i) r.warnings.push_back(warnings.at(i).as_string());
  }
  return r;
}

}  // namespace

std::string to_json_text(const RunResult& result) {
  ordered_json doc;
  doc["schema"] = k_results_schema;
  doc["meta"] = meta_to_json(result);
  doc["histogram"] = {{"unit", "us"},
                      {"lowest_discernible", metrics::k_latency_config.lowest_discernible},
                      {"highest_trackable", metrics::k_latency_config.highest_trackable},
                      {"significant_figures", metrics::k_latency_config.significant_figures},
                      {"encoding", "HdrHistogram V2, zlib, base64"}};
  doc["window_s"] = micros_to_s(result.metrics.window_length);
  doc["totals"] = endpoint_to_json(result.metrics.total(), result.meta.duration);
  ordered_json endpoints = ordered_json::object();
  ordered_json window_series = ordered_json::object();
  for (const metrics::EndpointSeries& series : result.metrics.endpoints) {
    endpoints[series.name] = endpoint_to_json(series.totals, result.meta.duration);
    ordered_json windows = ordered_json::array();
    for (size_t i = 0; i < series.windows.size(); ++i) {
      windows.push_back(window_to_json(static_cast<int64_t>(i), series.windows[i]));
    }
    window_series[series.name] = windows;
  }
  doc["endpoints"] = endpoints;
  ordered_json total_windows = ordered_json::array();
  auto totals = result.metrics.total_windows();
  for (size_t i = 0; i < totals.size(); ++i) {
    total_windows.push_back(window_to_json(static_cast<int64_t>(i), totals[i]));
  }
  ordered_json load = ordered_json::array();
  for (size_t i = 0; i < result.metrics.load.size(); ++i) {
    const metrics::LoadWindow& w = result.metrics.load[i];
    load.push_back({{"t", i},
                    {"iterations_started", w.iterations_started},
                    {"dropped_iterations", w.dropped_iterations},
                    {"active_vus_max", w.active_vus_max}});
  }
  doc["windows"] = {{"load", load}, {"total", total_windows}, {"endpoints", window_series}};
  doc["warnings"] = result.warnings;
  return doc.dump(1) + "\n";
}

Result<RunResult> parse_result(std::string_view json_text, const std::string& source) {
  auto json = json_io::parse_text(json_text, source);
  if (!json) return json.error();
  return parse_result_json(*json, source);
}

Result<RunResult> parse_result_json(const nlohmann::json& document, const std::string& source) {
  try {
    return read_document(Field(document, ""));
  } catch (const FieldError& e) {
    return json_io::field_error(source, e);
  }
}

Result<RunResult> read_result_file(const std::string& path) {
  auto text = util::read_file(path);
  if (!text) return text.error();
  return parse_result(*text, path);
}

Status write_result_file(const std::string& path, const RunResult& result) {
  return util::write_file_atomic(path, to_json_text(result));
}

}  // namespace perfgate::results
