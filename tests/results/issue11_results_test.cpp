// SPDX-License-Identifier: MIT
// Issue 11: a results file cannot force memory beyond the data in it, hostile counts are bad
// input (never overflow), and a 24 h soak (86,400 one-second windows, generated here) reads
// and writes back exactly.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "perfgate/metrics/histogram_codec.h"
#include "perfgate/results/result_file.h"
#include "results/soak_run.h"

namespace perfgate::results {
namespace {

nlohmann::json small_document() {
  return nlohmann::json::parse(to_json_text(test::soak_run(3, 1)));
}

Result<RunResult> parse(const nlohmann::json& doc) {
  return parse_result(doc.dump(), "hostile.json");
}

TEST(Issue11ResultsTest, AWindowIndexFarBeyondTheWindowsPresentIsRefused) {
  nlohmann::json doc = small_document();
  doc["windows"]["endpoints"]["endpoint0"][2]["t"] = 9'999'999;
  auto parsed = parse(doc);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message.find("beyond the 3 windows present"), std::string::npos)
      << parsed.error().describe();
  EXPECT_EQ(parsed.error().kind, ErrorKind::bad_input);
}

TEST(Issue11ResultsTest, SmallGapsBetweenWindowsStillRead) {
  nlohmann::json doc = small_document();
  doc["windows"]["endpoints"]["endpoint0"][2]["t"] = 600;
  auto parsed = parse(doc);
  ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
  EXPECT_EQ(parsed->metrics.find("endpoint0")->windows.size(), 601u);
}

TEST(Issue11ResultsTest, CountsBeyondTwoToThe53AreRefused) {
  nlohmann::json doc = small_document();
  doc["endpoints"]["endpoint0"]["requests"] = INT64_MAX;
  auto parsed = parse(doc);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message.find("implausibly large"), std::string::npos);
}

TEST(Issue11ResultsTest, MoreErrorsThanRequestsIsRefused) {
  nlohmann::json doc = small_document();
  doc["endpoints"]["endpoint0"]["errors"] = 100;
  doc["endpoints"]["endpoint0"]["errors_by_kind"]["other"] = 100;
  auto parsed = parse(doc);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message.find("errors in"), std::string::npos)
      << parsed.error().describe();
}

TEST(Issue11ResultsTest, AHistogramOfInt64MaxCountsIsRefused) {
  metrics::Histogram huge;
  ASSERT_TRUE(huge.record(1000, INT64_MAX));
  nlohmann::json doc = small_document();
  doc["endpoints"]["endpoint0"]["histogram"] = metrics::encode_histogram(huge);
  auto parsed = parse(doc);
  ASSERT_FALSE(parsed.ok());
}

TEST(Issue11ResultsTest, RequestErrorsRoundTripAndAreOmittedWhenZero) {
  RunResult run = test::soak_run(2, 1);
  std::string without = to_json_text(run);
  EXPECT_EQ(without.find("\"request\""), std::string::npos);
  run.metrics.endpoints[0].totals.count_error(metrics::ErrorKind::request);
  auto parsed = parse_result(to_json_text(run), "r.json");
  ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
  EXPECT_EQ(parsed->metrics.endpoints[0]
                .totals.errors_by_kind[static_cast<size_t>(metrics::ErrorKind::request)],
            1);
}

TEST(Issue11ResultsTest, ADayLongSoakReadsAndWritesBackExactly) {
  RunResult run = test::soak_run(86'400, 1, 2);
  std::string text = to_json_text(run);
  auto parsed = parse_result(text, "soak.json");
  ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
  const metrics::EndpointSeries& series = *parsed->metrics.find("endpoint0");
  ASSERT_EQ(series.windows.size(), 86'400u);
  EXPECT_EQ(series.windows.back().latency.slots(),
            run.metrics.endpoints[0].windows.back().latency.slots());
  EXPECT_EQ(series.totals.requests, 86'400 * 2);
  EXPECT_EQ(to_json_text(*parsed), text);
}

}  // namespace
}  // namespace perfgate::results
