// SPDX-License-Identifier: MIT
#include "perfgate/live/window_points.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace perfgate::live {
namespace {

using std::chrono::milliseconds;

const Field* field(const Point& point, const std::string& name) {
  for (const Field& f : point.fields)
    if (f.name == name) return &f;
  return nullptr;
}

bool has_tag(const Point& point, const std::string& key) {
  for (const auto& [k, v] : point.tags)
    if (k == key) return true;
  return false;
}

metrics::EndpointMetrics endpoint_with(std::vector<int64_t> latencies_us) {
  metrics::EndpointMetrics m;
  for (int64_t latency : latencies_us) {
    ++m.requests;
    m.latency.record(latency);
    m.latency_uncorrected.record(latency / 2);
  }
  ++m.status_counts[200];
  return m;
}

results::RunMetadata meta() {
  results::RunMetadata meta;
  meta.scenario = "api";
  meta.profile = "baseline";
  meta.start_time = std::chrono::system_clock::time_point{milliseconds{1764652200123}};
  meta.warmup = std::chrono::seconds(2);
  return meta;
}

TEST(WindowPointsTest, RunTagsNameScenarioProfileRunIdAndShard) {
  Tags tags = run_tags(meta());
  Tags expected{{"profile", "baseline"},
                {"run_id", "2025-12-02T05:10:00.123Z"},
                {"scenario", "api"},
                {"shard", "0"}};
  EXPECT_EQ(tags, expected);
}

TEST(WindowPointsTest, AWindowIsStampedWithItsStartAfterTheWarmUp) {
  EXPECT_EQ(window_time(meta(), 3), milliseconds{1764652200123 + 2000 + 3000});
}

TEST(WindowPointsTest, OnePointPerEndpointThenATotalWithoutEndpointTag) {
  std::vector<std::string> names{"home", "login"};
  std::vector<metrics::EndpointMetrics> endpoints{endpoint_with({1000, 2000}),
                                                  endpoint_with({3000})};
  WindowInput input;
  input.names = names;
  input.endpoints = endpoints;
  input.load.active_vus_max = 5;
  input.stage = 2;
  auto points = window_points(run_tags(meta()), input);
  ASSERT_EQ(points.size(), 3u);
  EXPECT_TRUE(has_tag(points[0], "endpoint"));
  EXPECT_FALSE(has_tag(points[2], "endpoint"));
  EXPECT_EQ(field(points[0], "requests")->value, 2);
  EXPECT_EQ(field(points[2], "requests")->value, 3);
  EXPECT_EQ(field(points[2], "active_vus")->value, 5);
  EXPECT_EQ(field(points[2], "stage")->value, 2);
  EXPECT_EQ(field(points[0], "active_vus"), nullptr);
  EXPECT_EQ(field(points[0], "status_200")->value, 1);
}

TEST(WindowPointsTest, PercentilesComeFromTheWindowsHistogram) {
  std::vector<std::string> names{"home"};
  std::vector<metrics::EndpointMetrics> endpoints{endpoint_with({1000, 2000, 40000})};
  WindowInput input;
  input.names = names;
  input.endpoints = endpoints;
  auto points = window_points({}, input);
  const metrics::Histogram& h = endpoints[0].latency;
  EXPECT_EQ(field(points[0], "latency_p95_ms")->value,
            static_cast<double>(h.value_at_percentile(95)) / 1000.0);
  EXPECT_EQ(field(points[0], "latency_max_ms")->value, static_cast<double>(h.max()) / 1000.0);
  EXPECT_EQ(field(points[0], "latency_uncorrected_p50_ms")->value,
            static_cast<double>(endpoints[0].latency_uncorrected.value_at_percentile(50)) / 1000.0);
}

TEST(WindowPointsTest, AWindowWithoutRequestsHasCountsButNoLatency) {
  std::vector<std::string> names{"home"};
  std::vector<metrics::EndpointMetrics> endpoints(1);
  WindowInput input;
  input.names = names;
  input.endpoints = endpoints;
  auto points = window_points({}, input);
  EXPECT_EQ(field(points[0], "requests")->value, 0);
  EXPECT_EQ(field(points[0], "latency_p50_ms"), nullptr);
}

TEST(WindowPointsTest, SummaryDetailSendsOnlyWhatAResultsFileKeepsPerWindow) {
  std::vector<std::string> names{"home"};
  std::vector<metrics::EndpointMetrics> endpoints{endpoint_with({1000})};
  WindowInput input;
  input.names = names;
  input.endpoints = endpoints;
  input.detail = Detail::summary;
  auto points = window_points({}, input);
  EXPECT_NE(field(points[0], "latency_p50_ms"), nullptr);
  EXPECT_EQ(field(points[0], "status_200"), nullptr);
  EXPECT_EQ(field(points[0], "latency_uncorrected_p50_ms"), nullptr);
}

}  // namespace
}  // namespace perfgate::live
