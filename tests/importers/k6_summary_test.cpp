// SPDX-License-Identifier: MIT
// k6 end-of-test summaries (both shapes) from the real k6 v0.48 runs in tests/data/import.
#include "perfgate/importers/k6_summary.h"

#include <gtest/gtest.h>

#include <map>

#include "import_test_support.h"

namespace perfgate::importers {
namespace {

using test::data_text;
using test::near;

results::RunResult import_named(const std::string& name) {
  auto r = import_k6_summary(data_text(name), name, {});
  EXPECT_TRUE(r.ok()) << r.error().describe();
  return std::move(r).value_or_throw();
}

double ms_at(const metrics::Histogram& h, double percentile) {
  return static_cast<double>(h.value_at_percentile(percentile)) / 1000.0;
}

TEST(K6SummaryTest, SummaryExportCountsAreExact) {
  results::RunResult r = import_named("k6-summary.json");
  metrics::EndpointMetrics total = r.metrics.total();
  EXPECT_EQ(total.requests, 122);
  EXPECT_EQ(total.errors, 21);  // http_req_failed passes (a Rate's "true" = failed)
  EXPECT_EQ(total.checks_passed, 152);
  EXPECT_EQ(total.checks_failed, 21);
  EXPECT_EQ(total.bytes_sent, 10271);
  EXPECT_EQ(total.bytes_received, 124530);
  EXPECT_EQ(r.metrics.iterations, 71);
  EXPECT_EQ(total.latency.total_count(), 122);
}

TEST(K6SummaryTest, WithoutNameSubMetricsOneEndpointHoldsEveryRequest) {
  results::RunResult r = import_named("k6-summary.json");
  ASSERT_EQ(r.metrics.endpoints.size(), 1u);
  EXPECT_EQ(r.metrics.endpoints[0].name, "(all)");
  EXPECT_TRUE(r.metrics.endpoints[0].windows.empty());
}

TEST(K6SummaryTest, PercentilesAreK6sWithinHistogramPrecision) {
  metrics::Histogram h = import_named("k6-summary.json").metrics.total().latency;
  EXPECT_TRUE(near(ms_at(h, 50), 0.3352235, 0.01)) << ms_at(h, 50);
  EXPECT_TRUE(near(ms_at(h, 90), 0.5735965, 0.01)) << ms_at(h, 90);
  EXPECT_TRUE(near(ms_at(h, 95), 0.6293388, 0.01)) << ms_at(h, 95);
  EXPECT_TRUE(near(ms_at(h, 99), 0.8139549, 0.01)) << ms_at(h, 99);
  EXPECT_TRUE(near(ms_at(h, 100), 0.869875, 0.01)) << ms_at(h, 100);
  EXPECT_NEAR(static_cast<double>(h.min()) / 1000, 0.029414, 0.001);  // 1 µs resolution
}

TEST(K6SummaryTest, PrecisionFlagAndSourceAreSet) {
  results::RunResult r = import_named("k6-summary.json");
  EXPECT_EQ(r.meta.latency_precision, results::LatencyPrecision::percentiles);
  EXPECT_EQ(r.meta.source, "k6 --summary-export");
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_NE(r.warnings[0].find("percentiles only"), std::string::npos);
}

TEST(K6SummaryTest, DurationFromTheRateOfRequests) {
  results::RunResult r = import_named("k6-summary.json");
  // 122 requests at 24.17226271406339/s
  EXPECT_NEAR(std::chrono::duration<double>(r.meta.duration).count(), 5.0471, 0.001);
}

TEST(K6SummaryTest, HandleSummaryShapeReadsTheSame) {
  results::RunResult r = import_named("k6-handle-summary.json");
  metrics::EndpointMetrics total = r.metrics.total();
  EXPECT_EQ(r.meta.source, "k6 handleSummary");
  EXPECT_EQ(total.requests, 122);
  EXPECT_EQ(total.errors, 21);
  EXPECT_EQ(total.checks_passed, 152);
  EXPECT_EQ(total.checks_failed, 21);
  EXPECT_EQ(total.bytes_received, 124530);
  EXPECT_EQ(r.metrics.iterations, 71);
  EXPECT_NEAR(std::chrono::duration<double>(r.meta.duration).count(), 5.049988, 1e-6);
  EXPECT_TRUE(near(ms_at(total.latency, 95), 0.7538635, 0.01));
  EXPECT_TRUE(near(ms_at(total.latency, 100), 2.652135, 0.01));
}

// k6's end-of-test lines "✗ errors: status is 200 ↳ 0% — ✓ 0 / ✗ 21", from either shape.
TEST(K6SummaryTest, ChecksKeepTheirNamesFromEitherShape) {
  for (const char* file : {"k6-summary.json", "k6-handle-summary.json"}) {
    results::RunResult r = import_named(file);
    std::map<std::string, std::pair<int64_t, int64_t>> by_name;
    for (const auto& check : r.metrics.total().named_checks) {
      by_name[check.name] = {check.passed, check.failed};
    }
    EXPECT_EQ(by_name.size(), 6u) << file;
    EXPECT_EQ(by_name["errors: status is 200"], std::make_pair(int64_t{0}, int64_t{21})) << file;
    EXPECT_EQ(by_name["json: count is 24"], std::make_pair(int64_t{50}, int64_t{0})) << file;
    EXPECT_EQ(by_name["setup: server is up"], std::make_pair(int64_t{1}, int64_t{0})) << file;
  }
}

TEST(K6SummaryTest, NameSubMetricsBecomeEndpointsAndTheRestIsOther) {
  std::string text = R"j({"metrics": {
    "http_req_duration": {"count": 10, "min": 1, "med": 5, "p(95)": 9, "max": 10},
    "http_req_duration{name:login}": {"count": 4, "min": 2, "med": 3, "p(95)": 4, "max": 4},
    "http_req_failed": {"passes": 3, "fails": 7, "value": 0.3},
    "http_req_failed{name:login}": {"passes": 1, "fails": 3, "value": 0.25},
    "http_reqs": {"count": 10, "rate": 2}}, "root_group": {}})j";
  auto r = import_k6_summary(text, "s.json", {});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(r->metrics.endpoints.size(), 2u);
  EXPECT_EQ(r->metrics.endpoints[0].name, "login");
  EXPECT_EQ(r->metrics.endpoints[0].totals.requests, 4);
  EXPECT_EQ(r->metrics.endpoints[0].totals.errors, 1);
  EXPECT_EQ(r->metrics.endpoints[1].name, "(other)");
  EXPECT_EQ(r->metrics.endpoints[1].totals.requests, 6);
  EXPECT_EQ(r->metrics.endpoints[1].totals.errors, 2);
  EXPECT_EQ(r->meta.duration, std::chrono::seconds(5));
}

TEST(K6SummaryTest, MissingCountNamesTheFieldAndTheFix) {
  auto r = import_k6_summary(
      R"j({"metrics": {"http_req_duration": {"p(95)": 3}}, "root_group": {}})j", "s.json", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "metrics.http_req_duration");
  EXPECT_NE(r.error().message.find("summaryTrendStats"), std::string::npos);
}

TEST(K6SummaryTest, ASummaryWithoutHttpIsBadInput) {
  auto r = import_k6_summary(R"j({"metrics": {"iterations": {"count": 3}}, "root_group": {}})j",
                             "s.json", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "metrics");
  EXPECT_NE(r.error().message.find("expected a k6 end-of-test summary"), std::string::npos);
}

TEST(K6SummaryTest, TruncatedFileNamesLineAndColumn) {
  std::string text = data_text("k6-summary.json");
  auto r = import_k6_summary(text.substr(0, 2000), "k6-summary.json", {});
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(r.error().location.has_value());
  EXPECT_GE(r.error().location->line, 50);
  EXPECT_NE(r.error().message.find("invalid JSON"), std::string::npos);
}

TEST(K6SummaryTest, ThresholdsAreReadFromEitherShape) {
  auto exported = k6_summary_thresholds(data_text("k6-summary.json"), "a");
  auto handled = k6_summary_thresholds(data_text("k6-handle-summary.json"), "b");
  ASSERT_TRUE(exported.ok() && handled.ok());
  EXPECT_EQ(exported->size(), 10u);
  EXPECT_EQ(*exported, *handled);
  EXPECT_EQ(exported->at("http_req_duration{scenario:browse}"),
            std::vector<std::string>{"p(95)<100"});
}

}  // namespace
}  // namespace perfgate::importers
