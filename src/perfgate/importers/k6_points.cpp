// SPDX-License-Identifier: MIT
// One pass over k6's NDJSON. k6 writes one Point per metric per request, all with the request's
// time and tags: http_req_duration counts the request (and its status), http_req_failed its
// error, the phase trends add to the phase sums. Checks and bytes are tagged per iteration, not
// per request: they go to the endpoint last requested in the same group (else scenario), so the
// run's totals are exact and the per-endpoint split is the best the data allows.
#include "perfgate/importers/k6_points.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "perfgate/importers/k6_tags.h"
#include "perfgate/results/time_format.h"
#include "perfgate/util/json_io.h"
#include "perfgate/util/version.h"

namespace perfgate::importers {
namespace {

using json_io::Field;
using nlohmann::json;
using Clock = std::chrono::system_clock;

// Windows still taking samples in a full histogram; older ones are compacted. k6 flushes its
// buffered samples every second or so, so samples arrive at most a few seconds out of order.
constexpr int64_t k_open_windows = 4;
constexpr std::chrono::microseconds k_window{1'000'000};
// Bounds the windows (and so the memory) a file can ask for: a week of 1 s windows.
constexpr std::chrono::microseconds k_max_span = std::chrono::hours(24 * 7);
// The windows count from the earliest point, not the first line's: points are held until they
// span this long (or this many are held), then the earliest of them sets the origin. A point
// that comes later still and is earlier than that lands in a window before the first.
constexpr std::chrono::microseconds k_origin_wait = std::chrono::seconds(2);
// Held points keep their tags (URLs can be long): a busy run's first 2 s are not all held.
constexpr size_t k_max_held_points = 10'000;
// k6 writes the `vus` gauge every second, so a run has points in every second; an hour with no
// point at all is a clock that jumped or two runs' files joined, not a run.
constexpr int64_t k_max_silent_windows = 3600;

std::string format_offset(std::chrono::microseconds offset) {
  return fmt::format("{:.0f} s", std::chrono::duration<double>(offset).count());
}

struct WindowAccumulator {
  int64_t requests = 0;
  int64_t errors = 0;
  // The first http_req_failed point in the window: where to point when failures outnumber the
  // requests.
  int64_t first_failure_line = 0;
  metrics::CompactHistogram compact;
  std::unique_ptr<metrics::Histogram> histogram;  // while the window is recent
};

struct EndpointAccumulator {
  metrics::EndpointMetrics totals;
  std::map<int64_t, WindowAccumulator> windows;  // by index from the first sample (may be < 0)
  std::set<int64_t> open;                        // windows that still have a full histogram
};

// Sample values are doubles from the file: clamped before any conversion to an integer, so
// that 1e300 is a value out of range, not undefined behaviour.
constexpr double k_max_value = 1e12;

int64_t ms_to_us(double ms) {
  return std::isfinite(ms) && ms > 0 ? std::llround(std::min(ms, k_max_value) * 1000.0) : 0;
}

int64_t count_of(double value) {
  return std::isfinite(value) && value > 0 ? std::llround(std::min(value, k_max_value)) : 0;
}

}  // namespace

struct K6PointsImporter::State {
  ImportOptions options;
  std::vector<std::string> order;  // endpoint names in first-seen order
  std::map<std::string, EndpointAccumulator, std::less<>> endpoints;
  std::map<int64_t, metrics::LoadWindow> load;
  // "group=::login" / "scenario=browse" → the endpoint last requested there.
  std::map<std::string, std::string, std::less<>> last_endpoint_of;
  std::string last_endpoint;
  metrics::EndpointMetrics unattributed;  // checks and bytes before the first request
  std::map<std::string, std::vector<std::string>> thresholds;
  // Points held until the windows' origin is known (k_origin_wait), in file order.
  struct HeldPoint {
    std::string metric;
    Clock::time_point time;
    double value = 0;
    K6Tags tags;
    int64_t line = 0;
  };
  std::vector<HeldPoint> held;
  Clock::time_point held_earliest = Clock::time_point::max();
  Clock::time_point held_latest = Clock::time_point::min();
  bool origin_known = false;
  int64_t lines = 0;       // not blank
  int64_t point_line = 0;  // the line of the point being counted: where an error points
  std::map<int64_t, int64_t> first_line_of_window;  // for a silent gap's message
  std::optional<Clock::time_point> first_time;      // the windows' origin
  Clock::time_point earliest_time = Clock::time_point::max();
  Clock::time_point last_time{};
  int64_t newest_window = 0;
  int64_t clamped_latencies = 0;  // beyond the histogram's range, counted at its top (1 h)
  int64_t iterations = 0;
  int64_t dropped_iterations = 0;

  int64_t window_of(Clock::time_point time) {
    if (!first_time) first_time = time;
    auto offset = std::chrono::duration_cast<std::chrono::microseconds>(time - *first_time);
    if (offset > k_max_span || offset < -k_max_span) {
      throw json_io::FieldError(
          "data.time", fmt::format("{} from the run's start: a run spans at most {} days",
                                   format_offset(offset), k_max_span.count() / 86'400'000'000));
    }
    last_time = std::max(last_time, time);
    earliest_time = std::min(earliest_time, time);
    int64_t index =
        offset.count() >= 0 ? offset / k_window : -((-offset.count() - 1) / k_window.count()) - 1;
    if (index > newest_window) {
      newest_window = index;
      compact_old_windows();
    }
    return index;
  }

  void compact_old_windows() {
    for (auto& [name, endpoint] : endpoints) {
      while (!endpoint.open.empty() && *endpoint.open.begin() < newest_window - k_open_windows) {
        WindowAccumulator& window = endpoint.windows[*endpoint.open.begin()];
        window.compact.merge(metrics::CompactHistogram::from(*window.histogram));
        window.histogram.reset();
        endpoint.open.erase(endpoint.open.begin());
      }
    }
  }

  EndpointAccumulator& endpoint(const std::string& name) {
    auto it = endpoints.find(name);
    if (it != endpoints.end()) return it->second;
    if (endpoints.size() >= k_max_k6_endpoints) {
      throw json_io::FieldError(
          "data.tags", fmt::format("more than {} distinct endpoints (name or url tags); give "
                                   "requests a `name` tag (http.get(url, {{ tags: {{ name: "
                                   "'item' }} }}))",
                                   k_max_k6_endpoints));
    }
    order.push_back(name);
    return endpoints[name];
  }

  void record_latency(EndpointAccumulator& e, int64_t window, int64_t latency_us) {
    WindowAccumulator& w = e.windows[window];
    ++w.requests;
    // A request slower than the histogram's top still counts, as the slowest it can hold, so
    // that percentiles show it rather than leave it out.
    if (latency_us > metrics::k_latency_config.highest_trackable) {
      latency_us = metrics::k_latency_config.highest_trackable;
      ++clamped_latencies;
    }
    if (!e.totals.latency.record(latency_us)) {
      ++e.totals.dropped_samples;
      return;
    }
    e.totals.latency_uncorrected.record(latency_us);
    if (!w.histogram && window >= newest_window - k_open_windows) {
      w.histogram = std::make_unique<metrics::Histogram>();
      e.open.insert(window);
    }
    if (w.histogram) {
      w.histogram->record(latency_us);
    } else {  // a straggler for a compacted window
      metrics::Histogram one;
      one.record(latency_us);
      w.compact.merge(metrics::CompactHistogram::from(one));
    }
  }

  // The endpoint that iteration-level samples (checks, bytes) are attributed to.
  metrics::EndpointMetrics& attributed(const K6Tags& tags) {
    for (const std::string& key : {"group=" + tags.group, "scenario=" + tags.scenario}) {
      auto it = last_endpoint_of.find(key);
      if (it != last_endpoint_of.end()) return endpoints[it->second].totals;
    }
    if (!last_endpoint.empty()) return endpoints[last_endpoint].totals;
    return unattributed;
  }

  void on_request(const K6Tags& tags, int64_t window, double value) {
    std::string name = endpoint_name(tags);
    EndpointAccumulator& e = endpoint(name);
    ++e.totals.requests;
    ++e.totals.phases.samples;
    ++e.totals.status_counts[status_of(tags)];
    record_latency(e, window, ms_to_us(value));
    if (!tags.group.empty()) last_endpoint_of["group=" + tags.group] = name;
    if (!tags.scenario.empty()) last_endpoint_of["scenario=" + tags.scenario] = name;
    last_endpoint = std::move(name);
  }

  void on_failed(const K6Tags& tags, int64_t window, double value, int64_t line) {
    if (value == 0) return;
    EndpointAccumulator& e = endpoint(endpoint_name(tags));
    e.totals.count_error(error_kind_of(tags));
    WindowAccumulator& w = e.windows[window];
    if (w.errors++ == 0) w.first_failure_line = line;
  }

  void on_phase(const K6Tags& tags, std::string_view metric, double value) {
    metrics::PhaseTotals& p = endpoint(endpoint_name(tags)).totals.phases;
    int64_t us = ms_to_us(value);
    if (metric == "http_req_connecting") p.connect_us += us;
    if (metric == "http_req_tls_handshaking") p.tls_us += us;
    if (metric == "http_req_waiting") p.ttfb_us += us;
    if (metric == "http_req_receiving") p.transfer_us += us;
  }

  // Throws FieldError naming the field for a time that is not RFC 3339 or out of range; the
  // line it is about is then `point_line` (a held point's, when the origin was just set).
  void on_point(std::string_view metric, std::string_view time_text, double value,
                const K6Tags& tags, int64_t line) {
    point_line = line;
    auto time = results::parse_rfc3339(time_text);
    if (!time) throw json_io::FieldError("data.time", "expected an RFC 3339 time");
    if (origin_known) return count_point(metric, *time, value, tags, line);
    held.push_back({std::string(metric), *time, value, tags, line});
    held_earliest = std::min(held_earliest, *time);
    held_latest = std::max(held_latest, *time);
    if (held_latest - held_earliest >= k_origin_wait || held.size() >= k_max_held_points) {
      set_origin();
    }
  }

  // The earliest held point is the windows' origin; the held points are then counted. A time
  // more than the longest run before the held points' median is not the origin: it is then
  // counted, and refused, on its own line.
  void set_origin() {
    origin_known = true;
    if (held.empty()) return;
    std::vector<Clock::time_point> times;
    for (const HeldPoint& p : held) times.push_back(p.time);
    auto middle = times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2);
    std::nth_element(times.begin(), middle, times.end());
    Clock::time_point median = *middle;
    first_time = median;
    for (Clock::time_point time : times) {
      if (median - time <= k_max_span) first_time = std::min(*first_time, time);
    }
    std::vector<HeldPoint> points = std::move(held);
    held = {};
    for (const HeldPoint& p : points) count_point(p.metric, p.time, p.value, p.tags, p.line);
  }

  void count_point(std::string_view metric, Clock::time_point time, double value,
                   const K6Tags& tags, int64_t line) {
    point_line = line;
    int64_t window = window_of(time);
    first_line_of_window.try_emplace(window, line);
    if (metric == "http_req_duration") {
      on_request(tags, window, value);
    } else if (metric == "http_req_failed") {
      on_failed(tags, window, value, line);
    } else if (metric.starts_with("http_req_")) {
      on_phase(tags, metric, value);
    } else if (metric == "checks") {
      metrics::EndpointMetrics& e = attributed(tags);
      (value != 0 ? e.checks_passed : e.checks_failed) += 1;
      if (!tags.check.empty()) e.add_named_check(tags.check, value != 0, value == 0);
    } else if (metric == "data_sent") {
      attributed(tags).bytes_sent += count_of(value);
    } else if (metric == "data_received") {
      attributed(tags).bytes_received += count_of(value);
    } else if (metric == "iterations") {
      iterations += count_of(value);
      load[window].iterations_started += count_of(value);
    } else if (metric == "dropped_iterations") {
      dropped_iterations += count_of(value);
      load[window].dropped_iterations += count_of(value);
    } else if (metric == "vus") {
      auto& peak = load[window].active_vus_max;
      peak = std::max(peak, count_of(value));
    }
  }

  void on_metric(const Field& data) {
    std::string name = data["name"].as_string();
    if (!data.has("thresholds") || data["thresholds"].json().is_null()) return;
    Field list = data["thresholds"];
    list.expect_array();
    for (size_t i = 0; i < list.size(); ++i) {
      const json& entry = list.at(i).json();
      // k6 writes the expression strings; older versions wrote objects.
      if (entry.is_string()) thresholds[name].push_back(entry.get<std::string>());
    }
  }
};

K6PointsImporter::K6PointsImporter(ImportOptions options) : m_state(std::make_unique<State>()) {
  m_state->options = std::move(options);
}
K6PointsImporter::K6PointsImporter(K6PointsImporter&&) noexcept = default;
K6PointsImporter::~K6PointsImporter() = default;

const std::map<std::string, std::vector<std::string>>& K6PointsImporter::thresholds() const {
  return m_state->thresholds;
}

namespace {

// The metrics a point line is kept for; the others (custom metrics, group_duration, …) are
// skipped before the JSON is parsed, which is most of the time on scripts with many metrics.
bool wanted_metric(std::string_view metric) {
  // http_req_blocked and http_req_sending have no phase in perf-gate's results.
  if (metric == "http_req_blocked" || metric == "http_req_sending") return false;
  return metric.starts_with("http_req_") || metric == "checks" || metric == "data_sent" ||
         metric == "data_received" || metric == "iterations" || metric == "dropped_iterations" ||
         metric == "vus";
}

// k6 writes `{"metric":"NAME","type":"Point",…}`: the metric name without parsing the line.
std::optional<std::string_view> quick_point_metric(std::string_view line) {
  constexpr std::string_view k_prefix = R"({"metric":")";
  if (!line.starts_with(k_prefix)) return std::nullopt;
  size_t end = line.find('"', k_prefix.size());
  if (end == std::string_view::npos) return std::nullopt;
  std::string_view rest = line.substr(end);
  if (!rest.starts_with(R"(","type":"Point")")) return std::nullopt;
  return line.substr(k_prefix.size(), end - k_prefix.size());
}

std::string_view trim_end(std::string_view text) {
  return text.substr(0, text.find_last_not_of(" \t") + 1);
}

// Whether a line is one whole JSON object, its braces and brackets closed outside strings: a
// skipped line is not parsed, but a cut one (a truncated file's last) must still be refused.
bool whole_object(std::string_view line) {
  if (!line.starts_with('{')) return false;
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '{' || c == '[')
      ++depth;
    else if ((c == '}' || c == ']') && --depth == 0)
      return i + 1 == line.size();
  }
  return false;
}

// The fast path for the common line: k6's Point objects read by a SAX handler that keeps only
// what the importer uses, with no JSON tree built. Anything unusual (a Metric line, a missing or
// mistyped field) returns false, and the line goes through the tree reader, whose errors name
// the field.
struct PointLine {
  std::string type;
  std::string metric;
  std::string time;
  double value = 0;
  bool has_value = false;
  K6Tags tags;
};

class PointSax : public nlohmann::json_sax<json> {
 public:
  explicit PointSax(PointLine& out) : m_out(out) {}

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t value) override {
    integer_tag(std::to_string(value));
    return number(static_cast<double>(value));
  }
  bool number_unsigned(number_unsigned_t value) override {
    integer_tag(std::to_string(value));
    return number(static_cast<double>(value));
  }
  bool number_float(number_float_t value, const string_t&) override { return number(value); }
  bool string(string_t& value) override {
    if (at("", "metric")) m_out.metric = std::move(value);
    if (at("", "type")) m_out.type = std::move(value);
    if (at("data", "time")) m_out.time = std::move(value);
    if (in_tags()) m_out.tags.set(m_keys[3], std::move(value));
    return true;
  }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return enter(false); }
  bool key(string_t& key) override {
    if (m_depth < 4) m_keys[m_depth] = std::move(key);
    return true;
  }
  bool end_object() override { return leave(); }
  bool start_array(std::size_t) override { return enter(true); }
  bool end_array() override { return leave(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  bool in_tags() const {
    return m_depth == 3 && !m_in_array && m_keys[1] == "data" && m_keys[2] == "tags";
  }
  // k6 writes tags as strings; a tool imitating it may write `"status": 200`.
  void integer_tag(std::string text) {
    if (in_tags()) m_out.tags.set(m_keys[3], std::move(text));
  }
  // A value directly in the root (parent "") or in `data` under `key`.
  bool at(std::string_view parent, std::string_view key) const {
    if (m_in_array) return false;
    if (parent.empty()) return m_depth == 1 && m_keys[1] == key;
    return m_depth == 2 && m_keys[1] == parent && m_keys[2] == key;
  }
  bool number(double value) {
    if (at("data", "value")) {
      m_out.value = value;
      m_out.has_value = true;
    }
    return true;
  }
  bool enter(bool array) {
    ++m_depth;
    m_arrays.push_back(array);
    m_in_array = m_in_array || array;
    if (m_depth < 4) m_keys[m_depth].clear();
    return m_depth < 64;  // k6 lines are shallow; deep nesting is the tree reader's problem
  }
  bool leave() {
    --m_depth;
    m_arrays.pop_back();
    m_in_array = std::find(m_arrays.begin(), m_arrays.end(), true) != m_arrays.end();
    return true;
  }

  PointLine& m_out;
  int m_depth = 0;
  std::array<std::string, 4> m_keys;  // the last key seen at each depth (1 = root object)
  std::vector<bool> m_arrays;         // per open container: is it an array
  bool m_in_array = false;
};

Error line_error(const std::string& source, int64_t line, std::string field, std::string message) {
  return Error::at(SourceLocation{source, static_cast<int>(std::min<int64_t>(line, INT32_MAX)), 0},
                   std::move(field), std::move(message));
}

}  // namespace

Status K6PointsImporter::add_line(std::string_view text, const std::string& source, int64_t line) {
  if (text.find_first_not_of(" \t") == std::string_view::npos) return ok_status();
  m_state->point_line = line;
  ++m_state->lines;
  // A skipped line is still checked to be whole: a truncated file ends in a cut line.
  if (auto metric = quick_point_metric(text);
      metric && !wanted_metric(*metric) && whole_object(trim_end(text))) {
    return ok_status();
  }
  PointLine point;
  PointSax sax(point);
  if (json::sax_parse(text, &sax) && point.type == "Point" && !point.metric.empty() &&
      !point.time.empty() && point.has_value) {
    try {
      m_state->on_point(point.metric, point.time, point.value, point.tags, line);
      return ok_status();
    } catch (const json_io::FieldError& e) {
      return line_error(source, m_state->point_line, e.field(), e.what());
    }
  }
  json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    return line_error(source, line, "",
                      "not a JSON object: expected a k6 `--out json` Metric or Point line "
                      "(a truncated file?)");
  }
  try {
    Field root(document, "");
    root.expect_object();
    std::string type = root["type"].as_string();
    if (type == "Point") {
      std::string metric = root["metric"].as_string();
      Field data = root["data"];
      std::string time = data["time"].as_string();
      double value = data["value"].as_number();
      K6Tags tags = data.has("tags") ? k6_tags_from_json(data["tags"].json()) : K6Tags{};
      m_state->on_point(metric, time, value, tags, line);
    } else if (type == "Metric") {
      m_state->on_metric(root["data"]);
    } else {
      root["type"].fail(
          fmt::format("unknown line type '{}': expected \"Metric\" or \"Point\"", type));
    }
  } catch (const json_io::FieldError& e) {
    return line_error(source, m_state->point_line, e.field(), e.what());
  }
  return ok_status();
}

// An hour or more with no point at all between two points of the file: bad input naming the
// side with fewer seconds of points (the stray one), with both ends of the gap.
Status K6PointsImporter::silent_gap(const State& s, const std::string& source) {
  const std::map<int64_t, int64_t>& lines = s.first_line_of_window;
  size_t before = 0;
  for (auto it = lines.begin(); it != lines.end(); ++it, ++before) {
    auto next = std::next(it);
    if (next == lines.end()) break;
    int64_t silent = next->first - it->first - 1;
    if (silent < k_max_silent_windows) continue;
    size_t after = lines.size() - before - 1;
    bool stray_after = after <= before + 1;
    auto time_of = [&](int64_t window) {
      return results::format_rfc3339(*s.first_time + window * k_window);
    };
    return line_error(
        source, stray_after ? next->second : it->second, "data.time",
        fmt::format("no point for {} between the second from {} (line {}) and the second from "
                    "{} (line {}); a run has points every second (k6 writes `vus` each one): a "
                    "clock that jumped, or two runs' files joined?",
                    fmt::format("{:.1f} h", static_cast<double>(silent) / 3600), time_of(it->first),
                    it->second, time_of(next->first), next->second));
  }
  return ok_status();
}

Result<results::RunResult> K6PointsImporter::finish(const std::string& source) {
  State& s = *m_state;
  if (s.lines == 0) {
    return Error::at(SourceLocation{source, 0, 0}, "",
                     "the file is empty: expected k6 `--out json` NDJSON (did k6 fail?)");
  }
  try {
    s.set_origin();  // a run shorter than k_origin_wait: its points are all still held
  } catch (const json_io::FieldError& e) {
    return line_error(source, s.point_line, e.field(), e.what());
  }
  auto no_requests = [&] {
    return Error::at(SourceLocation{source, 0, 0}, "http_req_duration",
                     "no HTTP requests: expected k6 `--out json` Point lines of http_req_duration");
  };
  if (s.endpoints.empty()) return no_requests();
  if (auto gap = silent_gap(s, source); !gap.ok()) return gap.error();
  int64_t first_window = 0;
  for (const auto& [name, e] : s.endpoints)
    if (!e.windows.empty()) first_window = std::min(first_window, e.windows.begin()->first);
  if (!s.load.empty()) first_window = std::min(first_window, s.load.begin()->first);

  // k6 writes an http_req_failed point beside the http_req_duration point of every request, at
  // the same time: more failures than requests in a second means lines were filtered or mixed.
  for (const std::string& name : s.order) {
    for (const auto& [index, window] : s.endpoints[name].windows) {
      if (window.errors <= window.requests) continue;
      return line_error(
          source, window.first_failure_line, "http_req_failed",
          fmt::format("endpoint '{}': {} failed request{} (http_req_failed) but {} timed "
                      "(http_req_duration) in the second from {}; k6 writes both for every "
                      "request: was the file filtered?",
                      name, window.errors, window.errors == 1 ? "" : "s", window.requests,
                      results::format_rfc3339(*s.first_time + index * k_window)));
    }
  }

  // An endpoint with timing-phase points (http_req_waiting, …) but no http_req_duration has no
  // request to give them to: it is left out, not shown with 0 requests.
  std::vector<std::string> untimed;
  std::erase_if(s.order, [&](const std::string& name) {
    if (s.endpoints[name].totals.requests > 0) return false;
    untimed.push_back(fmt::format("'{}'", name));
    return true;
  });
  if (s.order.empty()) return no_requests();

  results::RunResult r;
  r.meta.scenario = s.options.scenario.empty() ? "k6" : s.options.scenario;
  r.meta.profile = s.options.profile;
  r.meta.model = "closed";
  // The earliest point, not its window's start: a straggler from before the origin must not
  // add most of a second to the run (and take that much from its throughput).
  r.meta.start_time = s.earliest_time;
  r.meta.duration =
      std::chrono::duration_cast<std::chrono::microseconds>(s.last_time - r.meta.start_time);
  r.meta.perf_gate_version = util::k_version;
  r.meta.source = "k6 --out json";
  r.metrics.window_length = k_window;
  r.metrics.iterations = s.iterations;
  r.metrics.dropped_iterations = s.dropped_iterations;
  for (const auto& [index, window] : s.load) {
    auto slot = static_cast<size_t>(index - first_window);
    if (r.metrics.load.size() <= slot) r.metrics.load.resize(slot + 1);
    r.metrics.load[slot] = window;
  }
  for (const std::string& name : s.order) {
    EndpointAccumulator& e = s.endpoints[name];
    metrics::EndpointSeries& series = r.metrics.get_or_add(name);
    series.totals = std::move(e.totals);
    for (auto& [index, window] : e.windows) {
      if (window.histogram)
        window.compact.merge(metrics::CompactHistogram::from(*window.histogram));
      auto slot = static_cast<size_t>(index - first_window);
      if (series.windows.size() <= slot) series.windows.resize(slot + 1);
      series.windows[slot] = {window.requests, window.errors, std::move(window.compact)};
    }
  }
  metrics::EndpointMetrics& first = r.metrics.endpoints.front().totals;
  first.checks_passed += s.unattributed.checks_passed;
  first.checks_failed += s.unattributed.checks_failed;
  for (const metrics::NamedCheck& check : s.unattributed.named_checks) {
    first.add_named_check(check.name, check.passed, check.failed);
  }
  first.bytes_sent += s.unattributed.bytes_sent;
  first.bytes_received += s.unattributed.bytes_received;
  if (s.clamped_latencies > 0) {
    r.warnings.push_back(fmt::format(
        "{} {} beyond the histogram's range (0 to 1 h) and count{} as 1 h", s.clamped_latencies,
        s.clamped_latencies == 1 ? "latency was" : "latencies were",
        s.clamped_latencies == 1 ? "s" : ""));
  }
  if (!untimed.empty()) {
    r.warnings.push_back(
        fmt::format("left out endpoint{} {}: timing-phase points (http_req_waiting, …) but no "
                    "http_req_duration, so no request to give them to",
                    untimed.size() == 1 ? "" : "s", fmt::join(untimed, ", ")));
  }
  return r;
}

Result<results::RunResult> import_k6_points(LineReader& reader, const ImportOptions& options) {
  K6PointsImporter importer(options);
  std::string_view line;
  while (true) {
    auto more = reader.next(line);
    if (!more) return more.error();
    if (!*more) break;
    if (auto added = importer.add_line(line, reader.path(), reader.line_number()); !added)
      return added.error();
  }
  return importer.finish(reader.path());
}

}  // namespace perfgate::importers
