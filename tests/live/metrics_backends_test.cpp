// SPDX-License-Identifier: MIT
// Live metrics end to end against the real servers from Debian, started here on loopback with
// temporary data directories: InfluxDB 1.6 and Prometheus 2.42 (remote write receiver). A run
// (and a push of a results file) writes to both; what they answer through their HTTP query APIs
// must equal the results file window by window: request counts exactly, percentiles as the
// window's histogram gives them.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <tuple>

#include "perfgate/live/window_points.h"
#include "perfgate/net/http_client.h"
#include "perfgate/results/result_file.h"
#include "support/influxdb_server.h"
#include "support/nginx_server.h"
#include "support/prometheus_server.h"
#include "support/subprocess.h"
#include "support/test_paths.h"

namespace perfgate::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

std::string url_encode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

json get_json(const std::string& url, const std::string& method = "GET") {
  auto client = net::make_curl_http_client();
  net::HttpRequest request;
  request.method = method;
  request.url = url;
  auto response = client->send(request);
  if (!response) throw std::runtime_error(response.error().describe());
  if (response->status / 100 != 2)
    throw std::runtime_error(fmt::format("{} -> {}: {}", url, response->status, response->body));
  return json::parse(response->body);
}

// (series name, endpoint or "" for the total, time in ms) → value.
using Samples = std::map<std::tuple<std::string, std::string, int64_t>, double>;

Samples influx_samples(const InfluxDbServer& server, const std::string& db,
                       const std::string& run_id) {
  std::string query = "SELECT * FROM perf_gate WHERE run_id = '" + run_id + "'";
  json answer = get_json(
      fmt::format("{}/query?db={}&epoch=ms&q={}", server.base_url(), db, url_encode(query)));
  Samples samples;
  const json& series = answer["results"][0]["series"];
  if (!series.is_array()) return samples;
  const json& columns = series[0]["columns"];
  for (const json& row : series[0]["values"]) {
    std::string endpoint;
    for (size_t c = 0; c < columns.size(); ++c)
      if (columns[c] == "endpoint" && row[c].is_string()) endpoint = row[c];
    auto time = row[0].get<int64_t>();
    for (size_t c = 1; c < columns.size(); ++c) {
      if (row[c].is_number())
        samples[{"perf_gate_" + columns[c].get<std::string>(), endpoint, time}] = row[c];
    }
  }
  return samples;
}

Samples prometheus_samples(const PrometheusServer& server, const std::string& run_id) {
  std::string query = "{__name__=~\"perf_gate_.+\",run_id=\"" + run_id + "\"}[1h]";
  json answer =
      get_json(fmt::format("{}/api/v1/query?query={}", server.base_url(), url_encode(query)));
  Samples samples;
  for (const json& series : answer["data"]["result"]) {
    const json& metric = series["metric"];
    std::string endpoint = metric.contains("endpoint") ? metric["endpoint"] : "";
    for (const json& value : series["values"]) {
      auto time = std::llround(value[0].get<double>() * 1000);
      samples[{metric["__name__"], endpoint, time}] = std::stod(value[1].get<std::string>());
    }
  }
  return samples;
}

void expect_window(const Samples& samples, const std::string& endpoint, int64_t time,
                   const metrics::EndpointWindow& window, const std::string& where) {
  auto at = [&](const std::string& name) -> std::optional<double> {
    auto found = samples.find({name, endpoint, time});
    if (found == samples.end()) return std::nullopt;
    return found->second;
  };
  ASSERT_TRUE(at("perf_gate_requests")) << where << " " << endpoint << " @" << time;
  EXPECT_EQ(*at("perf_gate_requests"), static_cast<double>(window.requests)) << where;
  EXPECT_EQ(*at("perf_gate_errors"), static_cast<double>(window.errors)) << where;
  if (window.latency.empty()) {
    EXPECT_FALSE(at("perf_gate_latency_p50_ms")) << where;
    return;
  }
  metrics::Histogram histogram = window.latency.expand();
  for (int p : {50, 90, 95, 99}) {
    auto name = fmt::format("perf_gate_latency_p{}_ms", p);
    ASSERT_TRUE(at(name)) << where << " " << name;
    EXPECT_DOUBLE_EQ(*at(name), static_cast<double>(histogram.value_at_percentile(p)) / 1000.0)
        << where << " " << name << " " << endpoint << " @" << time;
  }
  EXPECT_DOUBLE_EQ(*at("perf_gate_latency_max_ms"), static_cast<double>(histogram.max()) / 1000.0)
      << where;
}

// Every window of every endpoint, and of the total, as the results file has it.
void expect_matches(const Samples& samples, const results::RunResult& run,
                    const std::string& where) {
  ASSERT_FALSE(samples.empty()) << where;
  int64_t windows = run.metrics.window_count();
  ASSERT_GE(windows, 3) << where;
  for (const auto& series : run.metrics.endpoints) {
    for (int64_t t = 0; t < windows; ++t) {
      expect_window(samples, series.name, live::window_time(run.meta, t).count(),
                    series.windows[static_cast<size_t>(t)], where);
    }
  }
  auto totals = run.metrics.total_windows();
  for (int64_t t = 0; t < windows; ++t) {
    expect_window(samples, "", live::window_time(run.meta, t).count(),
                  totals[static_cast<size_t>(t)], where);
  }
}

ProcessOptions long_run() {
  ProcessOptions options;
  options.timeout = 120s;
  return options;
}

class MetricsBackendsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_nginx = std::make_unique<NginxServer>();
    s_influx = std::make_unique<InfluxDbServer>();
    s_prometheus = std::make_unique<PrometheusServer>();
    for (const char* db : {"live", "backfill"}) {
      get_json(fmt::format("{}/query?q={}", s_influx->base_url(),
                           url_encode(std::string("CREATE DATABASE ") + db)),
               "POST");
    }
  }
  static void TearDownTestSuite() {
    s_prometheus.reset();
    s_influx.reset();
    s_nginx.reset();
  }

  // Runs 3 s of open-model load (two endpoints, one of them failing, two worker threads).
  results::RunResult run(const std::vector<std::string>& extra) {
    std::string scenario = m_dir.file("scenario.yaml");
    std::ofstream(scenario) << "name: live\ntarget: " << s_nginx->base_url() << "\n"
                            << "scenarios:\n  - name: j\n    steps:\n"
                            << "      - name: home\n        get: /\n"
                            << "      - name: missing\n        get: /missing\n"
                            << "profiles:\n  baseline: { rate: 40, duration: 3s }\n";
    std::vector<std::string> args{"run",       scenario, "--out",      m_dir.file("r.json"),
                                  "--threads", "2",      "--progress", "off"};
    args.insert(args.end(), extra.begin(), extra.end());
    ProcessResult outcome = run_perf_gate(args, long_run());
    EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
    EXPECT_EQ(outcome.err.find("not delivered"), std::string::npos) << outcome.err;
    return results::read_result_file(m_dir.file("r.json")).value_or_throw();
  }

  static std::unique_ptr<NginxServer> s_nginx;
  static std::unique_ptr<InfluxDbServer> s_influx;
  static std::unique_ptr<PrometheusServer> s_prometheus;
  TempDir m_dir;
};

std::unique_ptr<NginxServer> MetricsBackendsTest::s_nginx;
std::unique_ptr<InfluxDbServer> MetricsBackendsTest::s_influx;
std::unique_ptr<PrometheusServer> MetricsBackendsTest::s_prometheus;

TEST_F(MetricsBackendsTest, ARunStreamsEveryWindowToInfluxDbAndPrometheus) {
  results::RunResult result =
      run({"--out-metrics", "influxdb=" + s_influx->base_url() + "/write?db=live", "--out-metrics",
           "prometheus=" + s_prometheus->base_url() + "/api/v1/write"});
  EXPECT_EQ(result.metrics.total().requests, 240);
  std::string run_id = live::run_id(result.meta);
  // Under a sanitizer on a busy machine the servers may show the points a moment later:
  // ask again for a bounded while before comparing.
  Samples influx = influx_samples(*s_influx, "live", run_id);
  Samples prometheus = prometheus_samples(*s_prometheus, run_id);
  for (int i = 0; i < 20 && (influx.empty() || prometheus.empty()); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    influx = influx_samples(*s_influx, "live", run_id);
    prometheus = prometheus_samples(*s_prometheus, run_id);
  }
  expect_matches(influx, result, "influxdb");
  expect_matches(prometheus, result, "prometheus");
}

TEST_F(MetricsBackendsTest, PushBackfillsAResultsFileWithItsOriginalTimestamps) {
  results::RunResult result = run({});
  ProcessResult outcome =
      run_perf_gate({"push", m_dir.file("r.json"), "--out-metrics",
                     "influxdb=" + s_influx->base_url() + "/write?db=backfill", "--out-metrics",
                     "prometheus=" + s_prometheus->base_url() + "/api/v1/write"},
                    long_run());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  std::string run_id = live::run_id(result.meta);
  expect_matches(influx_samples(*s_influx, "backfill", run_id), result, "influxdb");
  expect_matches(prometheus_samples(*s_prometheus, run_id), result, "prometheus");
}

TEST_F(MetricsBackendsTest, PushOfABaselineWritesItsLatestRunAndHistory) {
  results::RunResult result = run({});
  std::string baseline = m_dir.file("baseline.json");
  ASSERT_EQ(
      run_perf_gate({"baseline", "update", m_dir.file("r.json"), "--baseline", baseline}).exit_code,
      0);
  ProcessResult outcome = run_perf_gate({"push", baseline, "--out-metrics",
                                         "influxdb=" + s_influx->base_url() + "/write?db=backfill"},
                                        long_run());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  std::string run_id = live::run_id(result.meta);
  expect_matches(influx_samples(*s_influx, "backfill", run_id), result, "influxdb");
  std::string query =
      "SELECT requests FROM perf_gate_run WHERE run_id = '" + run_id + "' AND endpoint = ''";
  json answer =
      get_json(fmt::format("{}/query?db=backfill&q={}", s_influx->base_url(), url_encode(query)));
  ASSERT_TRUE(answer["results"][0]["series"].is_array()) << answer.dump();
  EXPECT_EQ(answer["results"][0]["series"][0]["values"][0][1], result.metrics.total().requests);
}

// An InfluxDB query's answer once it has series, asked again for a bounded while: on a busy
// machine the points of a run that just ended may show a moment later.
json influx_series(const std::string& url) {
  json answer = get_json(url);
  for (int i = 0; i < 20 && !answer["results"][0]["series"].is_array(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    answer = get_json(url);
  }
  return answer;
}

TEST_F(MetricsBackendsTest, TheRunsAnnotationsReachInfluxDb) {
  results::RunResult result =
      run({"--out-metrics", "influxdb=" + s_influx->base_url() + "/write?db=live"});
  std::string query = "SELECT value, text FROM perf_gate_events WHERE run_id = '" +
                      live::run_id(result.meta) + "' GROUP BY event";
  json answer = influx_series(
      fmt::format("{}/query?db=live&epoch=ms&q={}", s_influx->base_url(), url_encode(query)));
  std::set<std::string> events;
  for (const json& series : answer["results"][0]["series"]) events.insert(series["tags"]["event"]);
  EXPECT_EQ(events, (std::set<std::string>{"start", "end"}));
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// What Grafana would send for one run: the variables filled in as "All" but for the run.
std::string fill_variables(std::string query, const std::string& run_id) {
  query = replace_all(query, "$timeFilter", "time > now() - 1h");
  query = replace_all(query, "$__interval", "1s");
  query = replace_all(query, "$run_id", run_id);
  query = replace_all(query, "$endpoint", ".+");
  query = replace_all(query, "$scenario", ".*");
  return replace_all(query, "$profile", ".*");
}

json read_dashboard(const std::string& name) {
  std::ifstream in(source_dir() / "deploy/grafana/dashboards" / name);
  return json::parse(in);
}

TEST_F(MetricsBackendsTest, EveryDashboardQueryFindsTheRun) {
  results::RunResult result =
      run({"--out-metrics", "influxdb=" + s_influx->base_url() + "/write?db=live", "--out-metrics",
           "prometheus=" + s_prometheus->base_url() + "/api/v1/write"});
  std::string run_id = live::run_id(result.meta);
  json influx = read_dashboard("perf-gate-influxdb.json");
  std::vector<std::string> influx_queries{influx["annotations"]["list"][0]["query"]};
  for (const json& panel : influx["panels"])
    for (const json& target : panel["targets"]) influx_queries.push_back(target["query"]);
  for (const std::string& query : influx_queries) {
    json answer = influx_series(fmt::format("{}/query?db=live&q={}", s_influx->base_url(),
                                            url_encode(fill_variables(query, run_id))));
    EXPECT_TRUE(answer["results"][0]["series"].is_array()) << query << "\n" << answer.dump();
  }
  json prometheus = read_dashboard("perf-gate-prometheus.json");
  std::vector<std::string> expressions{prometheus["annotations"]["list"][0]["expr"]};
  for (const json& panel : prometheus["panels"])
    for (const json& target : panel["targets"]) expressions.push_back(target["expr"]);
  auto start =
      std::chrono::duration_cast<std::chrono::seconds>(result.meta.start_time.time_since_epoch())
          .count();
  for (const std::string& expression : expressions) {
    json answer = get_json(fmt::format(
        "{}/api/v1/query_range?query={}&start={}&end={}&step=1", s_prometheus->base_url(),
        url_encode(fill_variables(expression, run_id)), start - 5, start + 15));
    EXPECT_FALSE(answer["data"]["result"].empty()) << expression << "\n" << answer.dump();
  }
}

}  // namespace
}  // namespace perfgate::test
