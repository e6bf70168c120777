// SPDX-License-Identifier: MIT
// Artillery 2.0.21 `--output` report (tests/data/import), checked field by field.
#include "perfgate/importers/artillery_report.h"

#include <gtest/gtest.h>

#include "import_test_support.h"
#include "perfgate/results/time_format.h"

namespace perfgate::importers {
namespace {

using test::data_text;

results::RunResult import_fixture() {
  auto r = import_artillery_report(data_text("artillery-report.json"), "artillery-report.json", {});
  EXPECT_TRUE(r.ok()) << r.error().describe();
  return std::move(r).value_or_throw();
}

size_t kind(metrics::ErrorKind k) {
  return static_cast<size_t>(k);
}

TEST(ArtilleryReportTest, EndpointsAreTheMetricsByEndpointNames) {
  results::RunResult r = import_fixture();
  ASSERT_EQ(r.metrics.endpoints.size(), 3u);
  EXPECT_EQ(r.metrics.find("GET /json")->totals.requests, 47);
  EXPECT_EQ(r.metrics.find("GET /json (captured values)")->totals.requests, 47);
  EXPECT_EQ(r.metrics.find("GET /status500")->totals.requests, 70);
}

TEST(ArtilleryReportTest, CountsMatchTheAggregate) {
  results::RunResult r = import_fixture();
  metrics::EndpointMetrics total = r.metrics.total();
  EXPECT_EQ(total.requests, 164);  // http.requests, http.responses
  EXPECT_EQ(total.status_counts.at(200), 94);
  EXPECT_EQ(total.status_counts.at(500), 70);
  EXPECT_EQ(total.errors, 70);  // 5xx count as errors in perf-gate
  EXPECT_EQ(total.errors_by_kind[kind(metrics::ErrorKind::http_5xx)], 70);
  EXPECT_EQ(total.bytes_received, 194562);  // http.downloaded_bytes
  EXPECT_EQ(r.metrics.iterations, 70);      // vusers.completed
  EXPECT_EQ(total.latency.total_count(), 164);
}

TEST(ArtilleryReportTest, PercentilesAreArtillerysToTheirPrecision) {
  results::RunResult r = import_fixture();
  const metrics::Histogram& h = r.metrics.find("GET /status500")->totals.latency;
  // Artillery: min 0, p50 0, p90 1, p95 1, p99 1, max 2 (ms, rounded).
  EXPECT_EQ(h.value_at_percentile(50), 0);
  EXPECT_NEAR(static_cast<double>(h.value_at_percentile(95)) / 1000, 1.0, 0.01);
  EXPECT_NEAR(static_cast<double>(h.max()) / 1000, 2.0, 0.02);
}

TEST(ArtilleryReportTest, WindowsAreTheReportingPeriods) {
  results::RunResult r = import_fixture();
  EXPECT_EQ(r.metrics.window_length, std::chrono::seconds(10));
  const auto& windows = r.metrics.find("GET /status500")->windows;
  ASSERT_EQ(windows.size(), 2u);
  EXPECT_EQ(windows[0].requests, 24);
  EXPECT_EQ(windows[1].requests, 46);
  EXPECT_EQ(windows[0].errors, 24);
  EXPECT_EQ(windows[1].latency.total_count(), 46);
  ASSERT_EQ(r.metrics.load.size(), 2u);
  EXPECT_EQ(r.metrics.load[0].iterations_started, 24);  // vusers.created
  EXPECT_EQ(r.metrics.load[1].iterations_started, 46);
}

TEST(ArtilleryReportTest, MetadataSaysPercentilesOnly) {
  results::RunResult r = import_fixture();
  EXPECT_EQ(r.meta.scenario, "artillery");
  EXPECT_EQ(r.meta.model, "open");
  EXPECT_EQ(r.meta.source, "artillery report");
  EXPECT_EQ(r.meta.latency_precision, results::LatencyPrecision::percentiles);
  EXPECT_EQ(results::format_rfc3339(r.meta.start_time), "2026-11-22T04:30:16.782Z");
  EXPECT_EQ(r.meta.duration, std::chrono::milliseconds(1795321824585 - 1795321816782));
}

TEST(ArtilleryReportTest, WithoutThePluginOneEndpointFromTheHttpTotals) {
  std::string text = R"({"aggregate": {"counters": {"http.codes.200": 5, "errors.ETIMEDOUT": 2,
    "errors.ECONNREFUSED": 1}, "summaries": {"http.response_time": {"count": 5, "min": 1,
    "p50": 2, "p95": 3, "max": 4}}, "firstMetricAt": 1000, "lastMetricAt": 3000}})";
  auto r = import_artillery_report(text, "a.json", {});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(r->metrics.endpoints.size(), 1u);
  const metrics::EndpointMetrics& e = r->metrics.endpoints[0].totals;
  EXPECT_EQ(r->metrics.endpoints[0].name, "(all)");
  EXPECT_EQ(e.requests, 8);
  EXPECT_EQ(e.errors, 3);
  EXPECT_EQ(e.errors_by_kind[kind(metrics::ErrorKind::timeout)], 2);
  EXPECT_EQ(e.errors_by_kind[kind(metrics::ErrorKind::connect)], 1);
  EXPECT_EQ(e.status_counts.at(0), 3);
}

TEST(ArtilleryReportTest, Artillery1ReportIsRejectedNamingTheVersion) {
  auto r = import_artillery_report(
      R"({"aggregate": {"scenariosCreated": 3, "latency": {"p95": 2}}, "intermediate": []})",
      "old.json", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "aggregate");
  EXPECT_NE(r.error().message.find("Artillery 1.x"), std::string::npos);
  EXPECT_NE(r.error().message.find("expected an Artillery 2.x report"), std::string::npos);
}

TEST(ArtilleryReportTest, ForeignJsonSaysWhatWasExpected) {
  auto r = import_artillery_report(R"({"metrics": {}})", "k6.json", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("aggregate.counters"), std::string::npos);
}

TEST(ArtilleryReportTest, BadCounterNamesItsPath) {
  auto r = import_artillery_report(
      R"({"aggregate": {"counters": {"http.codes.200": -4}, "summaries": {}}})", "a.json", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "aggregate.counters.http.codes.200");
}

}  // namespace
}  // namespace perfgate::importers
