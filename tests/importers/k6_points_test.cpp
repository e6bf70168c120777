// SPDX-License-Identifier: MIT
// k6 `--out json` imports, checked against the real k6 v0.48 run in tests/data/import: request
// counts, errors and bytes exact, percentiles within histogram precision of k6's own.
#include "perfgate/importers/k6_points.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include "import_test_support.h"
#include "perfgate/importers/import.h"
#include "perfgate/results/time_format.h"

namespace perfgate::importers {
namespace {

using test::data_path;
using test::near;

results::RunResult import_fixture() {
  auto r = import_file(data_path("k6-points.ndjson"), SourceKind::k6_json, {});
  EXPECT_TRUE(r.ok()) << r.error().describe();
  return std::move(r).value_or_throw();
}

Result<results::RunResult> import_lines(const std::string& text) {
  K6PointsImporter importer({});
  size_t line = 0;
  for (size_t from = 0; from < text.size();) {
    size_t end = text.find('\n', from);
    if (end == std::string::npos) end = text.size();
    if (auto added = importer.add_line(text.substr(from, end - from), "t.ndjson", ++line); !added)
      return added.error();
    from = end + 1;
  }
  return importer.finish("t.ndjson");
}

std::string point(const std::string& metric, const std::string& time, double value,
                  const std::string& tags) {
  return fmt::format(
             R"({{"metric":"{}","type":"Point","data":{{"time":"{}","value":{},"tags":{}}}}})",
             metric, time, value, tags) +
         "\n";
}

TEST(K6PointsTest, EndpointsAreTheNameTagsInFirstSeenOrder) {
  results::RunResult r = import_fixture();
  ASSERT_EQ(r.metrics.endpoints.size(), 4u);
  EXPECT_EQ(r.metrics.endpoints[0].name, "GET / (setup)");
  EXPECT_EQ(r.metrics.endpoints[1].name, "GET /json");
  EXPECT_EQ(r.metrics.endpoints[2].name, "GET /");
  EXPECT_EQ(r.metrics.endpoints[3].name, "GET /status500");
}

TEST(K6PointsTest, RequestAndErrorCountsAreExact) {
  results::RunResult r = import_fixture();
  EXPECT_EQ(r.metrics.find("GET / (setup)")->totals.requests, 1);
  EXPECT_EQ(r.metrics.find("GET /json")->totals.requests, 50);
  EXPECT_EQ(r.metrics.find("GET /")->totals.requests, 50);
  const metrics::EndpointMetrics& errors = r.metrics.find("GET /status500")->totals;
  EXPECT_EQ(errors.requests, 21);
  EXPECT_EQ(errors.errors, 21);
  EXPECT_EQ(errors.errors_by_kind[static_cast<size_t>(metrics::ErrorKind::http_5xx)], 21);
  EXPECT_EQ(errors.status_counts.at(500), 21);
  metrics::EndpointMetrics total = r.metrics.total();
  EXPECT_EQ(total.requests, 122);  // k6: http_reqs 122
  EXPECT_EQ(total.errors, 21);     // k6: http_req_failed 17.21% ✓ 21
  EXPECT_EQ(total.status_counts.at(200), 101);
}

TEST(K6PointsTest, ChecksBytesAndIterationsMatchK6sTotals) {
  results::RunResult r = import_fixture();
  metrics::EndpointMetrics total = r.metrics.total();
  EXPECT_EQ(total.checks_passed, 152);
  EXPECT_EQ(total.checks_failed, 21);
  EXPECT_EQ(total.bytes_sent, 10271);
  EXPECT_EQ(total.bytes_received, 124530);
  EXPECT_EQ(r.metrics.iterations, 71);
  // Checks follow the request of their group: both json checks of each iteration.
  EXPECT_EQ(r.metrics.find("GET /json")->totals.checks_passed, 100);
  EXPECT_EQ(r.metrics.find("GET /status500")->totals.checks_failed, 21);
  // …by name, on the endpoint whose response they looked at.
  // (teardown's check follows the last request of the run, as its count does.)
  const auto& named = r.metrics.find("GET /status500")->totals.named_checks;
  ASSERT_EQ(named.size(), 2u);
  EXPECT_EQ(named[0].name, "errors: status is 200");
  EXPECT_EQ(named[0].passed, 0);
  EXPECT_EQ(named[0].failed, 21);
  int64_t named_total = 0;
  for (const auto& check : r.metrics.total().named_checks)
    named_total += check.passed + check.failed;
  EXPECT_EQ(named_total, 152 + 21);
}

TEST(K6PointsTest, LatencyPercentilesMatchK6WithinHistogramPrecision) {
  metrics::Histogram h = import_fixture().metrics.total().latency;
  EXPECT_EQ(h.total_count(), 122);
  // k6 interpolates between samples; a histogram reads the sample at the rank: with 122
  // samples, the neighbouring sample can be a few per cent away at p99.
  EXPECT_TRUE(near(static_cast<double>(h.value_at_percentile(50)) / 1000, 0.33522, 0.01));
  EXPECT_TRUE(near(static_cast<double>(h.value_at_percentile(95)) / 1000, 0.62933, 0.01));
  EXPECT_TRUE(near(static_cast<double>(h.max()) / 1000, 0.86987, 0.01));
  EXPECT_NEAR(static_cast<double>(h.min()) / 1000, 0.02941, 0.001);  // 1 µs resolution
}

TEST(K6PointsTest, OneSecondWindowsAddUpToTheTotals) {
  results::RunResult r = import_fixture();
  EXPECT_EQ(r.metrics.window_length, std::chrono::seconds(1));
  for (const metrics::EndpointSeries& series : r.metrics.endpoints) {
    int64_t requests = 0, errors = 0, samples = 0;
    for (const auto& w : series.windows) {
      requests += w.requests;
      errors += w.errors;
      samples += w.latency.total_count();
    }
    EXPECT_EQ(requests, series.totals.requests) << series.name;
    EXPECT_EQ(errors, series.totals.errors) << series.name;
    EXPECT_EQ(samples, series.totals.requests) << series.name;
  }
  EXPECT_EQ(r.metrics.find("GET /json")->windows.size(), 5u);  // a 5 s scenario
  EXPECT_EQ(r.metrics.find("GET /json")->windows[2].requests, 10);
}

TEST(K6PointsTest, MetadataSaysWhereTheResultCameFrom) {
  results::RunResult r = import_fixture();
  EXPECT_EQ(r.meta.scenario, "k6");
  EXPECT_EQ(r.meta.source, "k6 --out json");
  EXPECT_EQ(r.meta.latency_precision, results::LatencyPrecision::histogram);
  EXPECT_EQ(results::format_rfc3339(r.meta.start_time), "2026-11-22T04:30:04.196Z");
  EXPECT_NEAR(std::chrono::duration<double>(r.meta.duration).count(), 5.05, 0.01);
}

TEST(K6PointsTest, PhasesComeFromTheTimingTrends) {
  const metrics::PhaseTotals& p = import_fixture().metrics.total().phases;
  EXPECT_EQ(p.samples, 122);
  // k6: http_req_waiting avg=246.1µs over 122 requests.
  EXPECT_NEAR(static_cast<double>(p.ttfb_us) / 122.0, 246.1, 1.0);
}

TEST(K6PointsTest, GzippedFileGivesTheSameResult) {
  perfgate::test::TempDir dir;
  std::string text = test::data_text("k6-points.ndjson");
  gzFile out = gzopen(dir.file("points.ndjson.gz").c_str(), "wb");
  ASSERT_NE(out, nullptr);
  ASSERT_EQ(gzwrite(out, text.data(), static_cast<unsigned>(text.size())),
            static_cast<int>(text.size()));
  gzclose(out);
  auto r = import_file(dir.file("points.ndjson.gz"), std::nullopt, {});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->metrics.total().requests, 122);
  EXPECT_EQ(r->metrics.total().latency.total_count(), 122);
}

TEST(K6PointsTest, TruncatedGzipIsBadInputNamingTheFile) {
  perfgate::test::TempDir dir;
  std::string text = test::data_text("k6-points.ndjson");
  gzFile out = gzopen(dir.file("full.gz").c_str(), "wb");
  gzwrite(out, text.data(), static_cast<unsigned>(text.size()));
  gzclose(out);
  std::string zipped = *util::read_file(dir.file("full.gz"));
  ASSERT_TRUE(util::write_file_atomic(dir.file("cut.gz"), zipped.substr(0, zipped.size() / 2)));
  auto r = import_file(dir.file("cut.gz"), SourceKind::k6_json, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::bad_input);
  EXPECT_NE(r.error().describe().find("cut.gz:"), std::string::npos) << r.error().describe();
  EXPECT_NE(r.error().message.find("truncated"), std::string::npos) << r.error().message;
}

TEST(K6PointsTest, TruncatedLastLineNamesTheLine) {
  std::string text = test::data_text("k6-points.ndjson");
  auto r = import_lines(text.substr(0, text.size() - 40));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().location->line, 2056);
  EXPECT_NE(r.error().message.find("expected a k6"), std::string::npos);
}

TEST(K6PointsTest, ACutLineOfASkippedMetricIsRefusedEvenWhenItEndsInABrace) {
  // Cut after the tags object: a metric the importer skips unparsed, one closing brace missing.
  std::string whole = point("vus", "2026-11-22T04:30:04Z", 1, R"({"scenario":"default"})");
  std::string cut = whole.substr(0, whole.size() - 2);  // drops "}\n"
  ASSERT_TRUE(cut.ends_with('}'));
  std::string request = point("http_req_duration", "2026-11-22T04:30:04Z", 2, R"({"name":"a"})");
  auto r = import_lines(request + cut);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().location->line, 2);
  EXPECT_NE(r.error().message.find("truncated"), std::string::npos) << r.error().message;
  // A whole line with trailing blanks is skipped too, as k6's own would be (a `group_duration`
  // point two days off must not count as a point of the run).
  std::string far_group = point("group_duration", "2026-11-24T04:30:04Z", 1, R"({"group":"::g"})");
  far_group.insert(far_group.size() - 1, "  ");  // blanks before the line's end
  auto trailing = import_lines(request + far_group);
  EXPECT_TRUE(trailing.ok()) << trailing.error().describe();
  // The whole line, braces inside its strings too, is skipped.
  EXPECT_TRUE(
      import_lines(request + point("vus", "2026-11-22T04:30:04Z", 1, R"({"scenario":"a}\"{"})"))
          .ok());
}

TEST(K6PointsTest, ANumericStatusTagCountsAsTheStatus) {
  // k6 writes tags as strings; a tool imitating it wrote `"status": 500`, which counted as 0.
  std::string t = "2026-11-22T04:30:04Z";
  auto r = import_lines(point("http_req_duration", t, 2, R"({"name":"a","status":500})") +
                        point("http_req_failed", t, 1, R"({"name":"a","status":500})"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  const metrics::EndpointMetrics& a = r->metrics.endpoints[0].totals;
  EXPECT_EQ(a.status_counts.at(500), 1);
  EXPECT_EQ(a.errors_by_kind[static_cast<size_t>(metrics::ErrorKind::http_5xx)], 1);
}

TEST(K6PointsTest, AnEndpointWithPhasesButNoDurationIsLeftOutWithAWarning) {
  std::string t = "2026-11-22T04:30:04Z";
  auto r = import_lines(point("http_req_duration", t, 2, R"({"name":"a"})") +
                        point("http_req_waiting", t, 1.5, R"({"name":"a"})") +
                        point("http_req_waiting", t, 1.5, R"({"name":"b"})"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(r->metrics.endpoints.size(), 1u);
  EXPECT_EQ(r->metrics.endpoints[0].name, "a");
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0],
            "left out endpoint 'b': timing-phase points (http_req_waiting, …) but no "
            "http_req_duration, so no request to give them to");
  // With no timed endpoint at all, there is nothing to import.
  auto none = import_lines(point("http_req_waiting", t, 1.5, R"({"name":"b"})"));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().field, "http_req_duration");
}

TEST(K6PointsTest, ALineOfAnotherShapeNamesTheField) {
  auto r = import_lines(R"({"type":"Point","metric":"http_req_duration","data":{"value":1}})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "data.time");
  EXPECT_EQ(r.error().location->line, 1);
}

TEST(K6PointsTest, AnUnknownLineTypeIsBadInput) {
  auto r = import_lines(R"({"type":"Sample","data":{}})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "type");
}

TEST(K6PointsTest, NoHttpRequestsIsBadInput) {
  auto r = import_lines(point("iterations", "2026-11-22T04:30:04Z", 1, "{}"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "http_req_duration");
}

TEST(K6PointsTest, UrlIsTheEndpointWhenNoNameTag) {
  auto r = import_lines(point("http_req_duration", "2026-11-22T04:30:04Z", 2.5,
                              R"({"url":"http://x/a","status":"200"})"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->metrics.endpoints[0].name, "http://x/a");
}

TEST(K6PointsTest, PointsOutOfOrderLandInTheirWindows) {
  std::string tags = R"({"name":"a","status":"200"})";
  auto r = import_lines(point("http_req_duration", "2026-11-22T04:30:05.5Z", 1, tags) +
                        point("http_req_duration", "2026-11-22T04:30:04.2Z", 2, tags) +
                        point("http_req_duration", "2026-11-22T04:30:12.2Z", 3, tags) +
                        point("http_req_duration", "2026-11-22T04:30:05.9Z", 4, tags));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  const auto& windows = r->metrics.endpoints[0].windows;
  // Windows count from the earliest of the first points, whatever line it is on.
  ASSERT_EQ(windows.size(), 9u);
  EXPECT_EQ(results::format_rfc3339(r->meta.start_time), "2026-11-22T04:30:04.200Z");
  EXPECT_EQ(r->meta.duration, std::chrono::milliseconds(8000));
  EXPECT_EQ(windows[0].requests, 1);  // 04.2
  EXPECT_EQ(windows[1].requests, 2);  // 05.5 and 05.9
  EXPECT_EQ(windows[1].latency.total_count(), 2);
  EXPECT_EQ(windows[8].requests, 1);  // 12.2
}

TEST(K6PointsTest, APointALittleLateDoesNotMoveTheStartBackASecond) {
  // Found by a user: a point 0.14 ms earlier than the first line's, a few lines down, made the
  // run start a second early and its throughput 16 % lower.
  std::string tags = R"({"name":"a","status":"200"})";
  std::string lines;
  for (int i = 0; i < 50; ++i) {  // 04.100 … 08.910
    lines += point("http_req_duration",
                   fmt::format("2026-11-22T04:30:{:02}.{:03}Z", 4 + i / 10, 100 + (i % 10) * 90), 1,
                   tags);
    if (i == 4) lines += point("http_req_duration", "2026-11-22T04:30:04.09986Z", 1, tags);
  }
  auto r = import_lines(lines);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(results::format_rfc3339(r->meta.start_time), "2026-11-22T04:30:04.099Z");
  EXPECT_EQ(r->metrics.endpoints[0].windows.size(), 5u);
  EXPECT_NEAR(std::chrono::duration<double>(r->meta.duration).count(), 4.81014, 1e-6);
  // Later than the origin's wait and earlier than it: a window before the first, but the start
  // is the point's own time.
  auto late = import_lines(lines + point("http_req_duration", "2026-11-22T04:30:03.9Z", 1, tags));
  ASSERT_TRUE(late.ok()) << late.error().describe();
  EXPECT_EQ(results::format_rfc3339(late->meta.start_time), "2026-11-22T04:30:03.900Z");
  EXPECT_EQ(late->metrics.endpoints[0].windows.size(), 6u);
}

TEST(K6PointsTest, AnHourWithoutAnyPointIsBadInputNamingTheStrayLine) {
  // Found by a user: one time a day off made a run of 86,403 windows at 0.001 req/s, and one six
  // days back a 230 MB results file.
  std::string tags = R"({"name":"a","status":"200"})";
  auto run_with = [&](size_t at, const std::string& stray_time) {
    std::string lines;
    for (int i = 0; i < 20; ++i) {
      if (static_cast<size_t>(i) == at) lines += point("http_req_duration", stray_time, 1, tags);
      lines += point("http_req_duration", fmt::format("2026-11-22T04:30:{:02}.5Z", 4 + i), 1, tags);
    }
    return import_lines(lines);
  };
  auto ahead = run_with(10, "2026-11-23T04:30:10.5Z");
  ASSERT_FALSE(ahead.ok());
  EXPECT_EQ(ahead.error().field, "data.time");
  EXPECT_EQ(ahead.error().location->line, 11);
  EXPECT_NE(ahead.error().message.find("no point for 24.0 h between the second from"),
            std::string::npos)
      << ahead.error().message;
  EXPECT_NE(ahead.error().message.find("a clock that jumped, or two runs' files joined?"),
            std::string::npos);
  // Six days back, among the first lines: the windows' origin is then the stray point.
  auto back = run_with(1, "2026-11-16T04:30:04.6Z");
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.error().location->line, 2);
  // Eight days back, beyond the longest run, among the first lines: still the stray is named,
  // not the good first line (the origin is not taken from a point that far from the rest).
  auto far_back = run_with(3, "2026-11-14T04:30:04.6Z");
  ASSERT_FALSE(far_back.ok());
  EXPECT_EQ(far_back.error().location->line, 4);
  EXPECT_NE(far_back.error().message.find("from the run's start: a run spans at most 7 days"),
            std::string::npos)
      << far_back.error().message;
  // Within the hour: a run with a gap, imported.
  EXPECT_TRUE(run_with(10, "2026-11-22T05:20:00Z").ok());
}

TEST(K6PointsTest, AnEmptyFileIsSaidToBeEmpty) {
  auto r = import_lines("\n  \n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("the file is empty"), std::string::npos) << r.error().message;
}

TEST(K6PointsTest, FailuresWithoutAResponseAreClassifiedByErrorCode) {
  std::string t = "2026-11-22T04:30:04Z";
  std::string lines;
  for (const char* tags :
       {R"({"name":"a","status":"0","error_code":"1050"})",
        R"({"name":"a","status":"0","error_code":"1212"})",
        R"({"name":"a","status":"0","error_code":"1301"})", R"({"name":"a","status":"404"})"}) {
    lines += point("http_req_duration", t, 60000, tags) + point("http_req_failed", t, 1, tags);
  }
  auto r = import_lines(lines);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  const auto& kinds = r->metrics.endpoints[0].totals.errors_by_kind;
  EXPECT_EQ(kinds[static_cast<size_t>(metrics::ErrorKind::timeout)], 1);
  EXPECT_EQ(kinds[static_cast<size_t>(metrics::ErrorKind::connect)], 1);
  EXPECT_EQ(kinds[static_cast<size_t>(metrics::ErrorKind::tls)], 1);
  EXPECT_EQ(kinds[static_cast<size_t>(metrics::ErrorKind::http_4xx)], 1);
}

TEST(K6PointsTest, MoreFailuresThanRequestsInASecondIsBadInputNamingTheEndpointAndLine) {
  // Found by the fuzzer: such a file made a result its own reader refused.
  std::string tags = R"({"name":"a","status":"500"})";
  auto r = import_lines(point("http_req_duration", "2026-11-22T04:30:04Z", 3, tags) +
                        point("http_req_failed", "2026-11-22T04:30:04Z", 1, tags) +
                        point("http_req_failed", "2026-11-22T04:30:06.5Z", 1, tags));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "http_req_failed");
  ASSERT_TRUE(r.error().location);
  EXPECT_EQ(r.error().location->line, 3);
  EXPECT_NE(r.error().message.find("endpoint 'a': 1 failed request (http_req_failed) but 0 timed "
                                   "(http_req_duration) in the second from "
                                   "2026-11-22T04:30:06.000Z"),
            std::string::npos)
      << r.error().message;
}

TEST(K6PointsTest, ALatencyBeyondTheHistogramCountsAsItsTop) {
  std::string tags = R"({"name":"a","status":"0"})";
  std::string t = "2026-11-22T04:30:04Z";
  auto r =
      import_lines(point("http_req_duration", t, 5e9, tags) + point("http_req_failed", t, 1, tags) +
                   point("http_req_duration", t, 2, tags));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  const metrics::EndpointSeries& a = r->metrics.endpoints[0];
  EXPECT_EQ(a.totals.requests, 2);
  EXPECT_EQ(a.totals.dropped_samples, 0);
  // One of two requests at the top: the p99 shows it, an hour, not the 2 ms one.
  EXPECT_GE(a.totals.latency.value_at_percentile(99), 3'500'000'000);
  ASSERT_EQ(a.windows.size(), 1u);
  EXPECT_EQ(a.windows[0].requests, 2);
  EXPECT_EQ(a.windows[0].latency.total_count(), 2);
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0],
            "1 latency was beyond the histogram's range (0 to 1 h) and counts as 1 h");
}

TEST(K6PointsTest, ThresholdsOfMetricLinesAreKept) {
  K6PointsImporter importer({});
  std::string text = test::data_text("k6-points.ndjson");
  size_t line = 0;
  for (size_t from = 0; from < text.size();) {
    size_t end = text.find('\n', from);
    ASSERT_TRUE(importer.add_line(text.substr(from, end - from), "p", ++line).ok());
    from = end + 1;
  }
  const auto& thresholds = importer.thresholds();
  EXPECT_EQ(thresholds.at("http_req_duration"),
            (std::vector<std::string>{"p(95)<200", "p(99)<500"}));
  EXPECT_EQ(thresholds.at("checks"), std::vector<std::string>{"rate>0.95"});
  EXPECT_EQ(thresholds.size(), 8u);
}

}  // namespace
}  // namespace perfgate::importers
