// SPDX-License-Identifier: MIT
// The two summary shapes differ only in where a metric's figures are: `--summary-export` puts
// them on the metric ({"count": 122, "p(95)": …, "thresholds": {"p(95)<200": false}}, where
// true means *failed*), handleSummary under `values` ({"type": "trend", "values": {…},
// "thresholds": {"p(95)<200": {"ok": true}}}). Everything else is read the same way.
#include "perfgate/importers/k6_summary.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "perfgate/importers/summary_endpoint.h"
#include "perfgate/util/json_io.h"
#include "perfgate/util/version.h"

namespace perfgate::importers {
namespace {

using json_io::Field;
using nlohmann::json;

constexpr std::string_view k_duration = "http_req_duration";
constexpr std::string_view k_expected =
    "a k6 end-of-test summary (--summary-export or handleSummary JSON) with metrics."
    "http_req_duration";

// A metric's figures, in either shape.
Field figures(const Field& metric) {
  return metric.has("values") ? metric["values"] : metric;
}

bool is_handle_summary(const Field& root) {
  return root.has("state") || root.has("options");
}

int64_t count_of(const Field& metric, std::string_view hint) {
  Field f = figures(metric);
  if (!f.has("count")) {
    f.fail(fmt::format("missing `count`{}", hint));
  }
  double count = f["count"].as_number();
  if (!(count >= 0) || count > 1e12) f["count"].fail("expected a non-negative count");
  return static_cast<int64_t>(std::llround(count));
}

// A Rate metric's true samples (for http_req_failed: failed requests).
int64_t passes_of(const Field& metric) {
  Field f = figures(metric);
  double passes = f["passes"].as_number();
  if (!(passes >= 0) || passes > 1e12) f["passes"].fail("expected a non-negative count");
  return static_cast<int64_t>(std::llround(passes));
}

int64_t fails_of(const Field& metric) {
  Field f = figures(metric);
  double fails = f["fails"].as_number();
  if (!(fails >= 0) || fails > 1e12) f["fails"].fail("expected a non-negative count");
  return static_cast<int64_t>(std::llround(fails));
}

std::vector<PercentilePoint> points_of(const Field& metric) {
  std::vector<PercentilePoint> points;
  Field f = figures(metric);
  for (const auto& [key, value] : f.json().items()) {
    auto percentile = percentile_of_key(key);
    if (percentile && value.is_number()) points.push_back({*percentile, value.get<double>()});
  }
  return points;
}

// "http_req_duration{name:GET /json}" → "GET /json"; nullopt for other tags or several tags.
std::optional<std::string> name_tag(std::string_view key, std::string_view metric) {
  std::string prefix = fmt::format("{}{{name:", metric);
  if (!key.starts_with(prefix) || !key.ends_with("}")) return std::nullopt;
  return std::string(key.substr(prefix.size(), key.size() - prefix.size() - 1));
}

int64_t phase_sum_us(const Field& metrics, std::string_view name) {
  if (!metrics.has(name)) return 0;
  Field f = figures(metrics[name]);
  if (!f.has("avg") || !f.has("count")) return 0;
  double sum_ms = f["avg"].as_number() * f["count"].as_number();
  return std::isfinite(sum_ms) && sum_ms > 0 ? std::llround(std::min(sum_ms, 1e12) * 1000) : 0;
}

int64_t counter_of(const Field& metrics, std::string_view name) {
  if (!metrics.has(name)) return 0;
  double value = figures(metrics[name])["count"].as_number();
  return std::isfinite(value) && value > 0 ? std::llround(std::min(value, 1e12)) : 0;
}

// The run's length: handleSummary says it; --summary-export only through rate = count / time.
std::chrono::microseconds run_duration(const Field& root, const Field& metrics) {
  if (root.has("state") && root["state"].has("testRunDurationMs")) {
    double ms = root["state"]["testRunDurationMs"].as_number();
    if (std::isfinite(ms) && ms > 0 && ms < 1e11)
      return std::chrono::microseconds(std::llround(ms * 1000));
  }
  for (std::string_view counter : {"http_reqs", "iterations"}) {
    if (!metrics.has(counter)) continue;
    Field f = figures(metrics[counter]);
    if (!f.has("rate") || !f.has("count")) continue;
    double seconds = f["count"].as_number() / f["rate"].as_number();
    if (std::isfinite(seconds) && seconds > 0 && seconds < 1e8)
      return std::chrono::microseconds(std::llround(seconds * 1e6));
  }
  return std::chrono::microseconds(0);
}

void add_errors(metrics::EndpointMetrics& e, int64_t count) {
  e.errors += count;
  e.errors_by_kind[static_cast<size_t>(metrics::ErrorKind::other)] += count;
}

void add_endpoints(const Field& metrics, results::RunResult& r) {
  Field total = metrics[k_duration];
  int64_t total_requests = count_of(total, " (add \"count\" to options.summaryTrendStats)");
  int64_t total_failed = metrics.has("http_req_failed") ? passes_of(metrics["http_req_failed"]) : 0;
  int64_t named_requests = 0;
  int64_t named_failed = 0;
  for (const auto& [key, value] : metrics.json().items()) {
    auto name = name_tag(key, k_duration);
    if (!name) continue;
    Field metric(value, fmt::format("metrics.{}", key));
    metrics::EndpointSeries& series = r.metrics.get_or_add(*name);
    series.totals = endpoint_from_percentiles(count_of(metric, ""), points_of(metric));
    std::string failed_key = fmt::format("http_req_failed{{name:{}}}", *name);
    if (metrics.has(failed_key)) {
      int64_t failed = std::min(passes_of(metrics[failed_key]), series.totals.requests);
      add_errors(series.totals, failed);
      named_failed += failed;
    }
    named_requests += series.totals.requests;
  }
  if (named_requests < total_requests) {
    const char* name = r.metrics.endpoints.empty() ? "(all)" : "(other)";
    metrics::EndpointSeries& rest = r.metrics.get_or_add(name);
    rest.totals = endpoint_from_percentiles(total_requests - named_requests, points_of(total));
  }
  // Failures k6 did not split by name go to "(other)" (or "(all)"), else the last endpoint.
  // k6 summaries do not say why a request failed: the kind is `other`.
  metrics::EndpointMetrics& rest = r.metrics.endpoints.back().totals;
  int64_t unsplit = std::max<int64_t>(0, total_failed - named_failed);
  add_errors(rest, std::min(unsplit, rest.requests - rest.errors));
}

int64_t check_count(const Field& f) {
  double count = f.as_number();
  if (!(count >= 0) || count > 1e12) f.fail("expected a non-negative count");
  return static_cast<int64_t>(std::llround(count));
}

// k6 counts each check by name within its group (`root_group`: objects keyed by name in
// --summary-export, arrays in handleSummary's data). Which request a check looked at is not
// recorded, so they join the run's other totals on the first endpoint.
void add_group_checks(const Field& group, metrics::EndpointMetrics& into, int depth) {
  constexpr int k_max_depth = 32;
  if (depth > k_max_depth || !group.is_object()) return;
  auto each = [](const Field& container, auto&& visit) {
    if (container.json().is_array()) {
      for (size_t i = 0; i < container.size(); ++i) visit(container.at(i));
    } else if (container.json().is_object()) {
      for (const auto& [key, value] : container.json().items()) {
        visit(Field(value, container.path() + "." + key));
      }
    }
  };
  if (group.has("checks")) {
    each(group["checks"], [&](const Field& check) {
      check.expect_object();
      into.add_named_check(check["name"].as_string(), check_count(check["passes"]),
                           check_count(check["fails"]));
    });
  }
  if (group.has("groups")) {
    each(group["groups"], [&](const Field& child) { add_group_checks(child, into, depth + 1); });
  }
}

// Figures k6 keeps for the whole run only: they go to the first endpoint, so that the run's
// totals (what un-tagged thresholds read) are right.
void add_run_totals(const Field& metrics, results::RunResult& r) {
  metrics::EndpointMetrics& first = r.metrics.endpoints.front().totals;
  if (metrics.has("checks")) {
    Field checks = figures(metrics["checks"]);
    first.checks_passed = passes_of(metrics["checks"]);
    first.checks_failed = fails_of(metrics["checks"]);
  }
  first.bytes_sent = counter_of(metrics, "data_sent");
  first.bytes_received = counter_of(metrics, "data_received");
  r.metrics.iterations = counter_of(metrics, "iterations");
  r.metrics.dropped_iterations = counter_of(metrics, "dropped_iterations");
  int64_t samples = 0;
  for (const auto& series : r.metrics.endpoints) samples += series.totals.requests;
  first.phases = {samples,
                  0,
                  phase_sum_us(metrics, "http_req_connecting"),
                  phase_sum_us(metrics, "http_req_tls_handshaking"),
                  phase_sum_us(metrics, "http_req_waiting"),
                  phase_sum_us(metrics, "http_req_receiving")};
}

results::RunResult read_summary(const Field& root, const ImportOptions& options) {
  root.expect_object();
  if (!root.has("metrics")) root.fail(fmt::format("missing `metrics`: expected {}", k_expected));
  Field metrics = root["metrics"];
  metrics.expect_object();
  if (!metrics.has(k_duration)) {
    metrics.fail(
        fmt::format("no http_req_duration: expected {} (a run without HTTP requests "
                    "has nothing to gate)",
                    k_expected));
  }
  results::RunResult r;
  bool handle_summary = is_handle_summary(root);
  r.meta.scenario = options.scenario.empty() ? "k6" : options.scenario;
  r.meta.profile = options.profile;
  r.meta.model = "closed";
  r.meta.start_time = options.fallback_start.value_or(std::chrono::system_clock::time_point{});
  r.meta.duration = run_duration(root, metrics);
  r.meta.perf_gate_version = util::k_version;
  r.meta.source = handle_summary ? "k6 handleSummary" : "k6 --summary-export";
  r.meta.latency_precision = results::LatencyPrecision::percentiles;
  add_endpoints(metrics, r);
  add_run_totals(metrics, r);
  if (root.has("root_group")) {
    add_group_checks(root["root_group"], r.metrics.endpoints.front().totals, 0);
  }
  r.warnings.push_back(fmt::format(
      "imported from a {}: latency percentiles only (min, med, p90, p95, p99, max as k6 kept "
      "them), no histograms or windows; tests on the distribution over time are not possible",
      r.meta.source));
  return r;
}

void collect_thresholds(const Field& root, std::map<std::string, std::vector<std::string>>& out) {
  Field metrics = root["metrics"];
  metrics.expect_object();
  for (const auto& [key, value] : metrics.json().items()) {
    auto it = value.find("thresholds");
    if (it == value.end() || !it->is_object()) continue;
    for (const auto& [expression, state] : it->items()) out[key].push_back(expression);
  }
}

}  // namespace

Result<results::RunResult> import_k6_summary(std::string_view text, const std::string& source,
                                             const ImportOptions& options) {
  auto document = json_io::parse_text(text, source);
  if (!document) return document.error();
  try {
    return read_summary(Field(*document, ""), options);
  } catch (const json_io::FieldError& e) {
    return json_io::field_error(source, e);
  }
}

Result<std::map<std::string, std::vector<std::string>>> k6_summary_thresholds(
    std::string_view text, const std::string& source) {
  auto document = json_io::parse_text(text, source);
  if (!document) return document.error();
  std::map<std::string, std::vector<std::string>> out;
  try {
    collect_thresholds(Field(*document, ""), out);
  } catch (const json_io::FieldError& e) {
    return json_io::field_error(source, e);
  }
  return out;
}

}  // namespace perfgate::importers
