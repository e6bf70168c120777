// SPDX-License-Identifier: MIT
#include "perfgate/report/json_report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report/report_fixtures.h"

namespace perfgate::report {
namespace {

using nlohmann::json;

TEST(JsonReportTest, HoldsVerdictSummariesSeriesAndDistribution) {
  results::RunResult baseline = test::make_run({{"login", 300}, {"search", 20}}, 30);
  results::RunResult current = test::make_run({{"login", 400}, {"search", 20}}, 30);
  stats::Verdict verdict = test::failing_verdict();
  json report = json::parse(render_json({verdict, &current, &baseline}, {}));
  EXPECT_EQ(report["schema"], "perf-gate/report/v1");
  EXPECT_EQ(report["id"], "checkout/stress");
  EXPECT_EQ(report["verdict"]["schema"], "perf-gate/verdict/v1");
  EXPECT_EQ(report["verdict"]["verdict"], "fail");
  EXPECT_EQ(report["verdict"]["checks"].size(), 6u);
  EXPECT_EQ(report["summary"].get<std::string>().rfind("FAIL · checkout / stress", 0), 0u);
  // login, search, cart (from the checks) and the total.
  ASSERT_EQ(report["endpoints"].size(), 4u);
  EXPECT_EQ(report["endpoints"][0]["name"], "login");
  EXPECT_EQ(report["endpoints"][0]["mark"], "regression");
  EXPECT_EQ(report["endpoints"][3]["name"], "");
  EXPECT_EQ(report["current"]["total"]["p95_ms"].size(), 30u);
  EXPECT_EQ(report["current"]["total"]["active_vus"].size(), 30u);
  EXPECT_EQ(report["current"]["endpoints"]["login"]["requests"].size(), 30u);
  EXPECT_FALSE(report["baseline"]["distribution"].empty());
  EXPECT_TRUE(report["history"].is_array());
}

TEST(JsonReportTest, EndpointValuesMatchTheRun) {
  results::RunResult current = test::make_run({{"login", 400}}, 10);
  stats::Verdict verdict = test::failing_verdict();
  json report = json::parse(render_json({verdict, &current}, {}));
  results::EndpointSummary expected =
      results::summarize(current.metrics.endpoints[0].totals, current.meta.duration);
  EXPECT_DOUBLE_EQ(report["endpoints"][0]["current"]["p95_ms"].get<double>(), expected.p95_ms);
  EXPECT_EQ(report["endpoints"][0]["current"]["requests"].get<int64_t>(), expected.requests);
  // Without a baseline run, the baseline side is what the checks carry.
  EXPECT_DOUBLE_EQ(report["endpoints"][0]["baseline"]["p95_ms"].get<double>(), 412);
  EXPECT_TRUE(report["endpoints"][0]["baseline"]["requests"].is_null());
}

TEST(JsonReportTest, FailedRequestsCarryChecksByNameStatusesAndKinds) {
  results::RunResult current = test::make_run({{"login", 400}, {"cart", 30, 30, 1}}, 10);
  current.metrics.endpoints[1].totals.named_checks = {{"status is 200", 290, 10}};
  stats::Verdict verdict = test::failing_verdict();
  json report = json::parse(render_json({verdict, &current}, {}));
  ASSERT_EQ(report["failed_requests"].size(), 1u);  // login had no failures
  const json& cart = report["failed_requests"][0];
  EXPECT_EQ(cart["endpoint"], "cart");
  EXPECT_EQ(cart["errors"], 10);
  EXPECT_EQ(cart["status"]["503"], 10);
  EXPECT_EQ(cart["errors_by_kind"]["http_5xx"], 10);
  EXPECT_EQ(cart["checks"][0]["name"], "status is 200");
  EXPECT_EQ(cart["checks"][0]["failed"], 10);
}

TEST(JsonReportTest, LongRunsAreDownsampled) {
  results::RunResult current = test::make_run({{"login", 10, 2}}, 3000);
  stats::Verdict verdict = test::failing_verdict();
  json report = json::parse(render_json({verdict, &current}, {}));
  EXPECT_EQ(report["current"]["total"]["p95_ms"].size(), 600u);
  EXPECT_EQ(report["current"]["endpoints"]["login"]["p95_ms"].size(), 120u);
}

TEST(JsonReportTest, InvalidUtf8InNamesDoesNotThrow) {
  stats::Verdict verdict = test::failing_verdict();
  verdict.notes.push_back("bad \xff byte");
  EXPECT_NO_THROW(json::parse(render_json({verdict}, {})));
}

}  // namespace
}  // namespace perfgate::report
