// SPDX-License-Identifier: MIT
#include "perfgate/results/result_file.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "perfgate/metrics/histogram_codec.h"
#include "perfgate/results/time_format.h"
#include "support/test_paths.h"

namespace perfgate::results {
namespace {

using std::chrono::microseconds;

RunResult sample_result() {
  RunResult r;
  r.meta.scenario = "api";
  r.meta.profile = "baseline";
  r.meta.model = "closed";
  r.meta.target = "http://127.0.0.1:8080";
  r.meta.start_time = *parse_rfc3339("2026-11-22T04:43:00Z");
  r.meta.duration = microseconds(30'000'000);
  r.meta.perf_gate_version = "0.1.0";
  r.meta.git_sha = "abc123";
  r.meta.generator.threads = 2;
  r.metrics.iterations = 300;
  for (const char* name : {"home", "login"}) {
    metrics::EndpointSeries& s = r.metrics.get_or_add(name);
    for (int i = 0; i < 150; ++i) {
      s.totals.requests++;
      s.totals.latency.record(1000 + i * 37);
      s.totals.latency_uncorrected.record(900 + i * 37);
      s.totals.status_counts[i % 50 == 0 ? 500 : 200]++;
      if (i % 50 == 0) s.totals.count_error(metrics::ErrorKind::http_5xx);
    }
    s.totals.bytes_sent = 1234;
    s.totals.phases = {150, 10, 20, 0, 3000, 40};
    s.windows.resize(3);
    for (int t = 0; t < 3; ++t) {
      metrics::Histogram h;
      h.record(1000 + t * 100, 50);
      s.windows[static_cast<size_t>(t)] = {50, t == 1 ? 1 : 0, metrics::CompactHistogram::from(h)};
    }
  }
  r.metrics.load = {{10, 0, 5}, {10, 0, 5}, {10, 1, 5}};
  r.warnings.push_back("generator CPU at 97%");
  return r;
}

TEST(ResultFileTest, RoundTripPreservesEverythingThatMerges) {
  RunResult original = sample_result();
  auto parsed = parse_result(to_json_text(original), "results.json");
  ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
  EXPECT_EQ(parsed->meta.scenario, "api");
  EXPECT_EQ(parsed->meta.start_time, original.meta.start_time);
  EXPECT_EQ(parsed->meta.duration, original.meta.duration);
  ASSERT_EQ(parsed->metrics.endpoints.size(), 2u);
  EXPECT_EQ(parsed->metrics.endpoints[0].name, "home") << "scenario order is kept";
  const auto& login = parsed->metrics.endpoints[1].totals;
  EXPECT_EQ(login.requests, 150);
  EXPECT_EQ(login.errors_by_kind[static_cast<size_t>(metrics::ErrorKind::http_5xx)], 3);
  EXPECT_EQ(login.status_counts.at(500), 3);
  EXPECT_EQ(login.latency.value_at_percentile(95),
            original.metrics.endpoints[1].totals.latency.value_at_percentile(95));
  EXPECT_EQ(login.latency_uncorrected.total_count(), 150);
  EXPECT_EQ(login.phases.ttfb_us, 3000);
  EXPECT_EQ(parsed->metrics.endpoints[0].windows.size(), 3u);
  EXPECT_EQ(parsed->metrics.endpoints[0].windows[1].errors, 1);
  EXPECT_EQ(parsed->metrics.endpoints[0].windows[2].latency.total_count(), 50);
  EXPECT_EQ(parsed->metrics.load[2].dropped_iterations, 1);
  EXPECT_EQ(parsed->warnings, original.warnings);
  EXPECT_EQ(to_json_text(*parsed), to_json_text(original)) << "writing is deterministic";
}

TEST(ResultFileTest, WritesHumanReadableSummaries) {
  auto doc = nlohmann::json::parse(to_json_text(sample_result()));
  EXPECT_EQ(doc["schema"], "perf-gate/results/v1");
  EXPECT_EQ(doc["totals"]["requests"], 300);
  EXPECT_EQ(doc["totals"]["errors_by_kind"]["http_5xx"], 6);
  EXPECT_DOUBLE_EQ(doc["endpoints"]["home"]["rps"].get<double>(), 5.0);
  EXPECT_GT(doc["endpoints"]["home"]["latency_ms"]["p99"].get<double>(), 6.0);
  EXPECT_TRUE(doc["endpoints"]["home"]["histogram"].get<std::string>().starts_with("HISTF"));
}

TEST(ResultFileTest, HttpClientIsKeptAndOptional) {
  RunResult original = sample_result();
  original.meta.http_client = "native";
  auto doc = nlohmann::json::parse(to_json_text(original));
  EXPECT_EQ(doc["meta"]["http_client"], "native");
  auto parsed = parse_result(doc.dump(), "r.json");
  ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
  EXPECT_EQ(parsed->meta.http_client, "native");
  doc["meta"].erase("http_client");  // a file from before the field
  auto old = parse_result(doc.dump(), "r.json");
  ASSERT_TRUE(old.ok()) << old.error().describe();
  EXPECT_TRUE(old->meta.http_client.empty());
  EXPECT_FALSE(nlohmann::json::parse(to_json_text(*old))["meta"].contains("http_client"));
}

TEST(ResultFileTest, RejectsUnknownSchemaVersionClearly) {
  auto doc = nlohmann::json::parse(to_json_text(sample_result()));
  doc["schema"] = "perf-gate/results/v9";
  auto parsed = parse_result(doc.dump(), "r.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().field, "schema");
  EXPECT_NE(parsed.error().message.find("perf-gate/results/v1"), std::string::npos);
}

TEST(ResultFileTest, NamesTheFieldOfAWrongType) {
  auto doc = nlohmann::json::parse(to_json_text(sample_result()));
  doc["endpoints"]["login"]["requests"] = "many";
  auto parsed = parse_result(doc.dump(), "r.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().field, "endpoints.login.requests");
  EXPECT_EQ(parsed.error().describe(),
            "r.json: endpoints.login.requests: expected an integer, found string");
}

TEST(ResultFileTest, RejectsErrorKindsThatDoNotAddUp) {
  auto doc = nlohmann::json::parse(to_json_text(sample_result()));
  doc["endpoints"]["login"]["errors"] = 4;
  auto parsed = parse_result(doc.dump(), "r.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().field, "endpoints.login.errors_by_kind");
}

TEST(ResultFileTest, ReportsLineAndColumnOfJsonSyntaxErrors) {
  auto parsed = parse_result("{\n  \"schema\": \"perf-gate/results/v1\",\n  oops\n}", "r.json");
  ASSERT_FALSE(parsed.ok());
  ASSERT_TRUE(parsed.error().location.has_value());
  EXPECT_EQ(parsed.error().location->line, 3);
  EXPECT_EQ(parsed.error().location->column, 3);
}

// Found by fuzz/result_file.cpp: nlohmann throws out_of_range, not parse_error, for this.
TEST(ResultFileTest, RejectsNumbersTooLargeForAnyTypeAsBadInput) {
  auto parsed = parse_result("333000030120e599999", "r.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().kind, ErrorKind::bad_input);
  EXPECT_NE(parsed.error().message.find("invalid JSON"), std::string::npos);
}

TEST(ResultFileTest, RejectsForeignHistogramConfiguration) {
  auto doc = nlohmann::json::parse(to_json_text(sample_result()));
  metrics::Histogram other(metrics::HistogramConfig{1, 3'600'000'000, 3});
  other.record(5);
  doc["endpoints"]["home"]["histogram"] = metrics::encode_histogram(other);
  auto parsed = parse_result(doc.dump(), "r.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().field, "endpoints.home.histogram");
}

TEST(ResultFileTest, WriteIsAtomicAndReadable) {
  test::TempDir dir;
  std::string path = dir.file("results.json");
  ASSERT_TRUE(write_result_file(path, sample_result()).ok());
  auto read = read_result_file(path);
  ASSERT_TRUE(read.ok()) << read.error().describe();
  EXPECT_EQ(read->metrics.total().requests, 300);
  EXPECT_FALSE(read_result_file(dir.file("missing.json")).ok());
}

TEST(MergeResultsTest, ShardsMergeIntoTheSameResultAsOneRun) {
  RunResult a = sample_result();
  RunResult b = sample_result();
  b.meta.start_time += std::chrono::seconds(2);
  b.meta.shard_index = 1;
  b.metrics.endpoints[1].totals.latency.record(50'000);
  b.metrics.endpoints[1].totals.requests++;
  auto merged = merge_results({a, b});
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->metrics.total().requests, 601);
  EXPECT_EQ(merged->metrics.find("login")->totals.latency.total_count(), 301);
  EXPECT_EQ(merged->metrics.find("login")->totals.latency.max(),
            b.metrics.endpoints[1].totals.latency.max());
  EXPECT_EQ(merged->meta.duration, microseconds(32'000'000));
  // Windows align on wall-clock time: b began 2 s later, so its window 1 is the merged window 3.
  EXPECT_EQ(merged->metrics.endpoints[0].windows[1].errors, 1);
  EXPECT_EQ(merged->metrics.endpoints[0].windows[3].errors, 1);
  EXPECT_EQ(merged->metrics.endpoints[0].windows[2].requests, 100);
  EXPECT_EQ(merged->metrics.load[0].active_vus_max, 5);
  EXPECT_EQ(merged->metrics.load[2].active_vus_max, 10);
}

TEST(MergeResultsTest, RefusesDifferentScenarios) {
  RunResult a = sample_result();
  RunResult b = sample_result();
  b.meta.profile = "stress";
  auto merged = merge_results({a, b});
  ASSERT_FALSE(merged.ok());
  EXPECT_NE(merged.error().message.find("stress"), std::string::npos);
}

TEST(SummarizeTest, ComputesRatesAndPercentilesInMilliseconds) {
  metrics::EndpointMetrics e;
  for (int i = 1; i <= 100; ++i) e.latency.record(i * 1000);
  e.requests = 100;
  e.count_error(metrics::ErrorKind::timeout);
  EndpointSummary s = summarize(e, microseconds(10'000'000));
  EXPECT_DOUBLE_EQ(s.rps, 10.0);
  EXPECT_DOUBLE_EQ(s.error_rate, 0.01);
  EXPECT_NEAR(s.p50_ms, 50.0, 0.5);
  EXPECT_NEAR(s.p99_ms, 99.0, 1.0);
  EXPECT_NEAR(s.max_ms, 100.0, 1.0);
}

TEST(TimeFormatTest, Rfc3339RoundTripsAndHonoursOffsets) {
  auto t = parse_rfc3339("2026-11-22T06:43:00.250+02:00");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(format_rfc3339(*t), "2026-11-22T04:43:00.250Z");
  EXPECT_FALSE(parse_rfc3339("yesterday").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-13-01T00:00:00Z").has_value());
  // Found by fuzz/result_file.cpp: beyond system_clock's range the arithmetic overflowed.
  EXPECT_FALSE(parse_rfc3339("3221-11-22T04:43:00Z").has_value());
}

// A run's id (its start time as written) must read back the same, or `push` of a results file
// files its points under another run than the live stream did. Read as a double, ".196" was a
// hair under and wrote back as ".195" for about half of all milliseconds.
TEST(TimeFormatTest, EveryMillisecondReadsBackAsWritten) {
  auto second = *parse_rfc3339("2026-12-03T12:10:04Z");
  for (int ms = 0; ms < 1000; ++ms) {
    std::string text = format_rfc3339(second + std::chrono::milliseconds(ms));
    auto parsed = parse_rfc3339(text);
    ASSERT_TRUE(parsed.has_value()) << text;
    ASSERT_EQ(format_rfc3339(*parsed), text);
  }
  // To the microsecond: the finest every standard library's system_clock counts.
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::microseconds>(
                *parse_rfc3339("2026-12-03T12:10:04.196123456789+00:00") - second),
            std::chrono::microseconds(196'123));
  EXPECT_FALSE(parse_rfc3339("2026-12-03T12:10:04.Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-12-03T12:10:61Z").has_value());
}

}  // namespace
}  // namespace perfgate::results
