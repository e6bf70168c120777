// SPDX-License-Identifier: MIT
#include "perfgate/importers/artillery_report.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "perfgate/importers/summary_endpoint.h"
#include "perfgate/util/json_io.h"
#include "perfgate/util/version.h"

namespace perfgate::importers {
namespace {

using json_io::Field;
using nlohmann::json;
using std::chrono::milliseconds;

constexpr std::string_view k_expected =
    "an Artillery 2.x report (`artillery run --output`) with aggregate.counters and "
    "aggregate.summaries";
constexpr std::string_view k_endpoint_prefix = "plugins.metrics-by-endpoint.";
constexpr std::string_view k_endpoint_latency = "plugins.metrics-by-endpoint.response_time.";
constexpr std::string_view k_all = "(all)";
// The key of the run's totals (http.*, errors.*) among endpoint names: no name starts with \x01.
const std::string k_total = "\x01total";
constexpr int64_t k_max_span_ms = 7LL * 24 * 3600 * 1000;

metrics::ErrorKind kind_of_error(std::string_view code) {
  using metrics::ErrorKind;
  if (code == "ETIMEDOUT" || code == "ESOCKETTIMEDOUT") return ErrorKind::timeout;
  if (code == "ECONNREFUSED" || code == "ENOTFOUND" || code == "EAI_AGAIN" ||
      code == "ECONNRESET" || code == "EHOSTUNREACH" || code == "ENETUNREACH")
    return ErrorKind::connect;
  if (code.starts_with("ERR_TLS") || code.starts_with("CERT_") || code.find("SSL") != code.npos ||
      code == "DEPTH_ZERO_SELF_SIGNED_CERT" || code == "UNABLE_TO_VERIFY_LEAF_SIGNATURE")
    return ErrorKind::tls;
  return ErrorKind::other;
}

int64_t count_value(const json& value, const std::string& path) {
  if (!value.is_number() || !(value.get<double>() >= 0) || value.get<double>() > 1e12)
    throw json_io::FieldError(path, "expected a non-negative count");
  return static_cast<int64_t>(std::llround(value.get<double>()));
}

// A time in milliseconds since the epoch, up to about the year 2191.
int64_t time_ms(const json& value, const std::string& path) {
  if (!value.is_number() || !(value.get<double>() >= 0) || value.get<double>() > 7e15)
    throw json_io::FieldError(path, "expected a time in milliseconds since the epoch");
  return static_cast<int64_t>(std::llround(value.get<double>()));
}

// One endpoint's counters in one period, keyed by the endpoint's name.
struct Outcomes {
  std::map<int, int64_t> codes;
  std::map<std::string, int64_t> errors;
};

void add_code(Outcomes& o, std::string_view code, int64_t count, const Field& where) {
  int status = 0;
  auto [end, ec] = std::from_chars(code.data(), code.data() + code.size(), status);
  if (ec != std::errc() || end != code.data() + code.size() || status < 100 || status > 999)
    where.fail("expected an HTTP status code after `.codes.`");
  o.codes[status] += count;
}

// Adds one counter: "plugins.metrics-by-endpoint.NAME.codes.200" (or `.errors.ECODE`) to NAME,
// "http.codes.200" and "errors.ECODE" to the run's totals.
void add_counter(std::map<std::string, Outcomes>& by_endpoint, std::string_view key, int64_t count,
                 const Field& where) {
  if (key.starts_with(k_endpoint_prefix)) {
    std::string_view rest = key.substr(k_endpoint_prefix.size());
    if (auto at = rest.rfind(".codes."); at != rest.npos) {
      add_code(by_endpoint[std::string(rest.substr(0, at))], rest.substr(at + 7), count, where);
    } else if (auto err = rest.rfind(".errors."); err != rest.npos) {
      by_endpoint[std::string(rest.substr(0, err))].errors[std::string(rest.substr(err + 8))] +=
          count;
    }
  } else if (key.starts_with("http.codes.")) {
    add_code(by_endpoint[k_total], key.substr(11), count, where);
  } else if (key.starts_with("errors.")) {
    by_endpoint[k_total].errors[std::string(key.substr(7))] += count;
  }
}

struct Period {
  std::map<std::string, Outcomes> outcomes;  // endpoint → counters; k_total for http.*
  std::map<std::string, Field> latency;      // endpoint → summary; k_total: http.response_time
  int64_t vusers_created = 0;
  int64_t vusers_completed = 0;
  int64_t vusers_failed = 0;
  int64_t downloaded_bytes = 0;
};

Period read_period(const Field& p) {
  p.expect_object();
  Period period;
  Field counters = p["counters"];
  counters.expect_object();
  for (const auto& [key, value] : counters.json().items()) {
    std::string path = fmt::format("{}.{}", counters.path(), key);
    int64_t count = count_value(value, path);
    Field where(value, path);
    add_counter(period.outcomes, key, count, where);
    if (key == "vusers.created") period.vusers_created = count;
    if (key == "vusers.completed") period.vusers_completed = count;
    if (key == "vusers.failed") period.vusers_failed = count;
    if (key == "http.downloaded_bytes") period.downloaded_bytes = count;
  }
  Field summaries = p["summaries"];
  summaries.expect_object();
  for (const auto& [key, value] : summaries.json().items()) {
    Field summary(value, fmt::format("{}.{}", summaries.path(), key));
    if (key == "http.response_time") period.latency.emplace(k_total, summary);
    if (std::string_view(key).starts_with(k_endpoint_latency))
      period.latency.emplace(key.substr(k_endpoint_latency.size()), summary);
  }
  return period;
}

std::vector<PercentilePoint> points_of(const Field& summary) {
  summary.expect_object();
  std::vector<PercentilePoint> points;
  for (const auto& [key, value] : summary.json().items()) {
    auto percentile = percentile_of_key(key);
    if (percentile && value.is_number()) points.push_back({*percentile, value.get<double>()});
  }
  return points;
}

bool has_endpoints(const Period& period) {
  return period.outcomes.size() > 1 ||
         (period.outcomes.size() == 1 && !period.outcomes.contains(k_total)) ||
         period.latency.size() > 1;
}

// The endpoints of a period: by name, or "(all)" from the http.* totals.
std::map<std::string, metrics::EndpointMetrics> endpoints_of(const Period& period,
                                                             bool by_endpoint) {
  std::map<std::string, metrics::EndpointMetrics> out;
  auto add = [&](const std::string& key, const std::string& name) {
    metrics::EndpointMetrics e;
    if (auto it = period.latency.find(key); it != period.latency.end()) {
      int64_t count = count_value(it->second["count"].json(), it->second["count"].path());
      e.latency = histogram_from_percentiles(count, points_of(it->second));
      e.latency_uncorrected = e.latency;
    }
    if (auto it = period.outcomes.find(key); it != period.outcomes.end()) {
      for (const auto& [status, count] : it->second.codes) {
        e.status_counts[status] += count;
        e.requests += count;
        if (status >= 400) {
          auto kind = status >= 500 ? metrics::ErrorKind::http_5xx : metrics::ErrorKind::http_4xx;
          e.errors += count;
          e.errors_by_kind[static_cast<size_t>(kind)] += count;
        }
      }
      for (const auto& [code, count] : it->second.errors) {
        e.status_counts[0] += count;
        e.requests += count;
        e.errors += count;
        e.errors_by_kind[static_cast<size_t>(kind_of_error(code))] += count;
      }
    }
    out[name] = std::move(e);
  };
  if (!by_endpoint) {
    add(k_total, std::string(k_all));
    return out;
  }
  for (const auto& [key, outcomes] : period.outcomes)
    if (key != k_total) add(key, key);
  for (const auto& [key, summary] : period.latency)
    if (key != k_total && !out.contains(key)) add(key, key);
  return out;
}

int64_t period_start_ms(const Field& p) {
  const json& value = p["period"].json();
  if (value.is_number()) return time_ms(value, p["period"].path());
  if (value.is_string()) {
    int64_t ms = 0;
    const std::string& text = value.get_ref<const std::string&>();
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
    if (ec == std::errc() && end == text.data() + text.size() && ms >= 0 && ms <= 7e15) return ms;
  }
  p["period"].fail("expected a time in milliseconds since the epoch");
}

void check_version(const Field& root) {
  root.expect_object();
  if (root.has("aggregate") && root["aggregate"].has("scenariosCreated")) {
    root["aggregate"].fail(fmt::format(
        "this is an Artillery 1.x report (aggregate.scenariosCreated); expected {}", k_expected));
  }
  if (!root.has("aggregate") || !root["aggregate"].is_object() ||
      !root["aggregate"].has("counters") || !root["aggregate"].has("summaries")) {
    root.fail(fmt::format("not an Artillery 2.x report: expected {}", k_expected));
  }
}

void add_windows(const Field& root, bool by_endpoint, results::RunResult& r) {
  if (!root.has("intermediate")) return;
  Field intermediate = root["intermediate"];
  intermediate.expect_array();
  std::vector<int64_t> starts;
  for (size_t i = 0; i < intermediate.size(); ++i)
    starts.push_back(period_start_ms(intermediate.at(i)));
  if (starts.empty()) return;
  int64_t first = *std::min_element(starts.begin(), starts.end());
  int64_t length_ms = 0;  // the smallest gap between periods: Artillery's reporting period
  for (size_t i = 1; i < starts.size(); ++i) {
    int64_t gap = std::abs(starts[i] - starts[i - 1]);
    if (gap > 0 && (length_ms == 0 || gap < length_ms)) length_ms = gap;
  }
  if (length_ms == 0) length_ms = 10'000;
  r.metrics.window_length = milliseconds(length_ms);
  for (size_t i = 0; i < intermediate.size(); ++i) {
    // A week of periods at most, so that a file cannot ask for unbounded memory.
    if (starts[i] - first > k_max_span_ms)
      intermediate.at(i)["period"].fail("more than 7 days after the first period");
    int64_t index = (starts[i] - first) / length_ms;
    auto slot = static_cast<size_t>(index);
    Period period = read_period(intermediate.at(i));
    for (auto& [name, e] : endpoints_of(period, by_endpoint)) {
      metrics::EndpointSeries& series = r.metrics.get_or_add(name);
      if (series.windows.size() <= slot) series.windows.resize(slot + 1);
      series.windows[slot].merge(
          {e.requests, e.errors, metrics::CompactHistogram::from(e.latency)});
    }
    if (r.metrics.load.size() <= slot) r.metrics.load.resize(slot + 1);
    r.metrics.load[slot].iterations_started += period.vusers_created;
  }
}

results::RunResult read_report(const Field& root, const ImportOptions& options) {
  check_version(root);
  Field aggregate = root["aggregate"];
  Period total = read_period(aggregate);
  bool by_endpoint = has_endpoints(total);
  results::RunResult r;
  r.meta.scenario = options.scenario.empty() ? "artillery" : options.scenario;
  r.meta.profile = options.profile;
  r.meta.model = "open";  // Artillery's phases are arrival rates
  int64_t first_ms = time_ms(aggregate["firstMetricAt"].json(), "aggregate.firstMetricAt");
  int64_t last_ms = time_ms(aggregate["lastMetricAt"].json(), "aggregate.lastMetricAt");
  if (last_ms < first_ms || last_ms - first_ms > k_max_span_ms)
    aggregate["lastMetricAt"].fail("expected a time within 7 days after firstMetricAt");
  r.meta.start_time = std::chrono::system_clock::time_point(milliseconds(first_ms));
  r.meta.duration = milliseconds(last_ms - first_ms);
  r.meta.perf_gate_version = util::k_version;
  r.meta.source = "artillery report";
  r.meta.latency_precision = results::LatencyPrecision::percentiles;
  for (auto& [name, e] : endpoints_of(total, by_endpoint)) r.metrics.get_or_add(name).totals = e;
  if (r.metrics.endpoints.empty())
    aggregate["counters"].fail("no HTTP requests (http.codes.*, errors.*): nothing to gate");
  r.metrics.endpoints.front().totals.bytes_received = total.downloaded_bytes;
  r.metrics.iterations = total.vusers_completed;
  add_windows(root, by_endpoint, r);
  r.warnings.push_back(fmt::format(
      "imported from an Artillery report: latency percentiles only (min, p50, p75, p90, p95, "
      "p99, p999, max as Artillery kept them, rounded to 0.1 ms) and {} s windows",
      std::chrono::duration<double>(r.metrics.window_length).count()));
  if (total.vusers_failed > 0) {
    r.warnings.push_back(fmt::format("{} Artillery virtual users failed", total.vusers_failed));
  }
  return r;
}

}  // namespace

Result<results::RunResult> import_artillery_report(std::string_view text, const std::string& source,
                                                   const ImportOptions& options) {
  auto document = json_io::parse_text(text, source);
  if (!document) return document.error();
  try {
    return read_report(Field(*document, ""), options);
  } catch (const json_io::FieldError& e) {
    return json_io::field_error(source, e);
  }
}

}  // namespace perfgate::importers
