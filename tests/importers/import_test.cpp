// SPDX-License-Identifier: MIT
// Telling the kinds apart by content, and imports surviving a results file round trip.
#include "perfgate/importers/import.h"

#include <gtest/gtest.h>

#include "import_test_support.h"
#include "perfgate/results/result_file.h"

namespace perfgate::importers {
namespace {

using test::data_path;

TEST(ImportTest, DetectsEachKindFromItsContent) {
  EXPECT_EQ(*detect_source_kind(data_path("k6-points.ndjson")), SourceKind::k6_json);
  EXPECT_EQ(*detect_source_kind(data_path("k6-summary.json")), SourceKind::k6_summary);
  EXPECT_EQ(*detect_source_kind(data_path("k6-handle-summary.json")), SourceKind::k6_summary);
  EXPECT_EQ(*detect_source_kind(data_path("artillery-report.json")), SourceKind::artillery);
}

TEST(ImportTest, DetectsPerfGateResults) {
  perfgate::test::TempDir dir;
  auto imported = import_file(data_path("artillery-report.json"), std::nullopt, {});
  ASSERT_TRUE(imported.ok());
  ASSERT_TRUE(results::write_result_file(dir.file("r.json"), *imported).ok());
  EXPECT_EQ(*detect_source_kind(dir.file("r.json")), SourceKind::perf_gate);
}

TEST(ImportTest, ForeignFileSaysWhatWasExpected) {
  auto kind = detect_source_kind(data_path("k6-fixture.js"));
  ASSERT_FALSE(kind.ok());
  EXPECT_EQ(kind.error().kind, ErrorKind::bad_input);
  EXPECT_NE(kind.error().message.find("expected a k6 summary"), std::string::npos);
  EXPECT_NE(kind.error().describe().find("k6-fixture.js"), std::string::npos);
}

TEST(ImportTest, MissingFileIsBadInputAsForEveryCommand) {
  // A path the user typed (or a shards' directory no artifact arrived in): exit 2, not 3.
  auto r = import_file("/nonexistent/k6.json", std::nullopt, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::bad_input);
}

TEST(ImportTest, AnEmptyFileIsSaidToBeEmpty) {
  perfgate::test::TempDir dir;
  std::string empty = dir.file("empty.json");
  ASSERT_TRUE(util::write_file_atomic(empty, "\n").ok());
  for (std::optional<SourceKind> kind :
       {std::optional<SourceKind>{}, std::optional{SourceKind::k6_summary}}) {
    auto r = import_file(empty, kind, {});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::bad_input);
    EXPECT_NE(r.error().describe().find("empty.json"), std::string::npos) << r.error().describe();
    EXPECT_NE(r.error().message.find("the file is empty"), std::string::npos) << r.error().message;
  }
}

TEST(ImportTest, WrongKindGivenFailsNamingWhatWasExpected) {
  auto r = import_file(data_path("artillery-report.json"), SourceKind::k6_summary, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("expected a k6 end-of-test summary"), std::string::npos);
}

TEST(ImportTest, ScenarioAndProfileComeFromTheOptions) {
  ImportOptions options;
  options.scenario = "checkout";
  options.profile = "stress";
  auto r = import_file(data_path("k6-summary.json"), std::nullopt, options);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->meta.scenario, "checkout");
  EXPECT_EQ(r->meta.profile, "stress");
}

TEST(ImportTest, PrecisionFlagAndSourceSurviveTheResultsFile) {
  auto imported = import_file(data_path("k6-summary.json"), std::nullopt, {});
  ASSERT_TRUE(imported.ok());
  auto read = results::parse_result(results::to_json_text(*imported), "r.json");
  ASSERT_TRUE(read.ok()) << read.error().describe();
  EXPECT_EQ(read->meta.latency_precision, results::LatencyPrecision::percentiles);
  EXPECT_EQ(read->meta.source, "k6 --summary-export");
  EXPECT_EQ(read->metrics.total().requests, 122);
}

TEST(ImportTest, NativeResultsHaveNeitherField) {
  auto imported = import_file(data_path("k6-points.ndjson"), std::nullopt, {});
  ASSERT_TRUE(imported.ok());
  imported->meta.source.clear();
  std::string text = results::to_json_text(*imported);
  EXPECT_EQ(text.find("latency_precision"), std::string::npos);
  EXPECT_EQ(text.find("\"source\""), std::string::npos);
}

TEST(ImportTest, MergingAPercentilesResultMakesTheMergeApproximate) {
  auto a = import_file(data_path("k6-points.ndjson"), std::nullopt, {});
  auto b = import_file(data_path("k6-summary.json"), std::nullopt, {});
  ASSERT_TRUE(a.ok() && b.ok());
  auto merged = results::merge_results({*a, *b});
  ASSERT_TRUE(merged.ok()) << merged.error().describe();
  EXPECT_EQ(merged->meta.latency_precision, results::LatencyPrecision::percentiles);
}

}  // namespace
}  // namespace perfgate::importers
