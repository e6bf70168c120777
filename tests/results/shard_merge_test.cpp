// SPDX-License-Identifier: MIT
// Merging shards: the merged result records which shards it holds, names the missing ones,
// refuses results of other runs, the same shard twice or overlapping merged sets (naming both
// files), and aligns windows on wall-clock time. Results files with the new fields round-trip;
// files from before them still read.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "perfgate/results/result_file.h"
#include "perfgate/results/run_result.h"
#include "perfgate/results/time_format.h"

namespace perfgate::results {
namespace {

using std::chrono::microseconds;

RunResult shard(int index, int count, int64_t latency_us = 1000) {
  RunResult r;
  r.meta.scenario = "api";
  r.meta.profile = "steady";
  r.meta.model = "open";
  r.meta.target = "http://127.0.0.1:8080";
  r.meta.start_time = *parse_rfc3339("2026-12-02T12:00:00Z");
  r.meta.duration = microseconds(4'000'000);
  r.meta.perf_gate_version = "0.1.0";
  r.meta.shard_index = index;
  r.meta.shard_count = count;
  r.meta.fingerprint = "fnv1a64:00000000000000aa";
  r.meta.planned_rate = 25;
  metrics::EndpointSeries& home = r.metrics.get_or_add("home");
  home.windows.resize(4);
  for (int i = 0; i < 100; ++i) {
    home.totals.requests++;
    home.totals.status_counts[200]++;
    home.totals.latency.record(latency_us + i);
    home.totals.latency_uncorrected.record(latency_us + i);
    metrics::Histogram one;
    one.record(latency_us + i);
    auto& window = home.windows[static_cast<size_t>(i % 4)];
    window.requests++;
    window.latency.merge(metrics::CompactHistogram::from(one));
  }
  r.metrics.load = {{25, 0, 3}, {25, 0, 3}, {25, 0, 3}, {25, 0, 3}};
  return r;
}

std::vector<std::string> names(size_t n) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) out.push_back("shard-" + std::to_string(i) + ".json");
  return out;
}

TEST(ShardMergeTest, AllShardsMergeIntoACompleteRunWithExactHistograms) {
  std::vector<RunResult> parts;
  for (int i = 0; i < 4; ++i) parts.push_back(shard(i, 4, 1000 * (i + 1)));
  auto merged = merge_results(parts, names(4));
  ASSERT_TRUE(merged.ok()) << merged.error().describe();
  EXPECT_EQ(merged->metrics.total().requests, 400);
  metrics::Histogram combined;
  for (const RunResult& part : parts) combined.merge(part.metrics.endpoints[0].totals.latency);
  const metrics::Histogram& latency = merged->metrics.find("home")->totals.latency;
  for (double p : {50.0, 90.0, 95.0, 99.0, 99.9, 100.0})
    EXPECT_EQ(latency.value_at_percentile(p), combined.value_at_percentile(p)) << p;
  EXPECT_EQ(merged->meta.merged_shards, (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(merged->meta.merged_shard_count, 4);
  EXPECT_FALSE(incomplete(merged->meta));
  EXPECT_DOUBLE_EQ(merged->meta.planned_rate, 100);
  EXPECT_EQ(merged->meta.fingerprint, "fnv1a64:00000000000000aa");
  for (const std::string& warning : merged->warnings)
    EXPECT_FALSE(warning.starts_with("incomplete")) << warning;
}

TEST(ShardMergeTest, HttpClientSurvivesOnlyWhenEveryShardRanTheSame) {
  std::vector<RunResult> parts;
  for (int i = 0; i < 2; ++i) parts.push_back(shard(i, 2, 1000));
  parts[0].meta.http_client = "native";
  parts[1].meta.http_client = "native";
  EXPECT_EQ(merge_results(parts, names(2))->meta.http_client, "native");
  parts[1].meta.http_client = "curl";
  EXPECT_TRUE(merge_results(parts, names(2))->meta.http_client.empty());
}

TEST(ShardMergeTest, MissingShardsAreRecordedAndNamed) {
  auto merged = merge_results({shard(0, 4), shard(1, 4), shard(3, 4)}, names(3));
  ASSERT_TRUE(merged.ok()) << merged.error().describe();
  EXPECT_TRUE(incomplete(merged->meta));
  ShardSet set = shard_set(merged->meta);
  EXPECT_EQ(set.missing(), std::vector<int>{2});
  EXPECT_EQ(set.describe_missing(), "3 of 4 shards (missing: 2)");
  ASSERT_FALSE(merged->warnings.empty());
  EXPECT_NE(merged->warnings[0].find("3 of 4 shards"), std::string::npos) << merged->warnings[0];
  // In the file, and back.
  auto doc = nlohmann::json::parse(to_json_text(*merged));
  EXPECT_EQ(doc["meta"]["merged_shards"]["present"], nlohmann::json({0, 1, 3}));
  EXPECT_EQ(doc["meta"]["merged_shards"]["missing"], nlohmann::json({2}));
  auto read = parse_result(doc.dump(), "merged.json");
  ASSERT_TRUE(read.ok()) << read.error().describe();
  EXPECT_EQ(read->meta.merged_shards, (std::vector<int>{0, 1, 3}));
  EXPECT_TRUE(incomplete(read->meta));
}

TEST(ShardMergeTest, PartialMergesMergeOnAndComplete) {
  auto first = merge_results({shard(0, 4), shard(2, 4)}, names(2));
  ASSERT_TRUE(first.ok());
  auto second = merge_results({shard(1, 4), shard(3, 4)}, names(2));
  ASSERT_TRUE(second.ok());
  auto all = merge_results({*first, *second}, {"a.json", "b.json"});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  EXPECT_FALSE(incomplete(all->meta));
  EXPECT_EQ(all->metrics.total().requests, 400);
  EXPECT_TRUE(all->warnings.empty()) << all->warnings[0];
}

TEST(ShardMergeTest, ALoneShardIsIncomplete) {
  EXPECT_TRUE(incomplete(shard(1, 4).meta));
  EXPECT_FALSE(incomplete(shard(0, 1).meta));
}

TEST(ShardMergeTest, RefusesTheSameShardTwiceNamingBothFiles) {
  auto merged =
      merge_results({shard(0, 4), shard(1, 4), shard(1, 4)}, {"a.json", "b.json", "c.json"});
  ASSERT_FALSE(merged.ok());
  EXPECT_EQ(merged.error().kind, ErrorKind::bad_input);
  EXPECT_NE(merged.error().message.find("b.json and c.json both hold shard 1 of 4"),
            std::string::npos)
      << merged.error().message;
}

TEST(ShardMergeTest, RefusesOverlappingMergedSets) {
  auto first = merge_results({shard(0, 4), shard(1, 4)}, names(2));
  auto second = merge_results({shard(1, 4), shard(2, 4)}, names(2));
  ASSERT_TRUE(first.ok() && second.ok());
  auto merged = merge_results({*first, *second}, {"x.json", "y.json"});
  ASSERT_FALSE(merged.ok());
  EXPECT_NE(merged.error().message.find("x.json and y.json both hold shard 1"), std::string::npos)
      << merged.error().message;
}

TEST(ShardMergeTest, RefusesOtherRunsNamingTheFiles) {
  RunResult other_profile = shard(1, 4);
  other_profile.meta.profile = "spike";
  RunResult other_load = shard(1, 4);
  other_load.meta.fingerprint = "fnv1a64:00000000000000bb";
  RunResult other_count = shard(1, 3);
  RunResult unsharded = shard(0, 1);
  // A stale shard of an earlier run: another --start-at, or simply run two minutes later.
  RunResult other_start = shard(1, 4);
  other_start.meta.scheduled_start = *parse_rfc3339("2026-12-02T11:00:00Z");
  RunResult later = shard(1, 4);
  later.meta.start_time += std::chrono::minutes(2);
  RunResult earlier = shard(0, 4);
  earlier.meta.scheduled_start = *parse_rfc3339("2026-12-02T12:00:00Z");
  for (const RunResult& bad : {other_profile, other_load, other_count, unsharded, later}) {
    auto merged = merge_results({shard(0, 4), bad}, {"a.json", "b.json"});
    ASSERT_FALSE(merged.ok());
    EXPECT_EQ(merged.error().kind, ErrorKind::bad_input);
    EXPECT_NE(merged.error().message.find("a.json"), std::string::npos) << merged.error().message;
    EXPECT_NE(merged.error().message.find("b.json"), std::string::npos) << merged.error().message;
  }
  auto stale = merge_results({earlier, other_start}, {"a.json", "b.json"});
  ASSERT_FALSE(stale.ok());
  EXPECT_NE(stale.error().message.find("--start-at"), std::string::npos) << stale.error().message;
}

TEST(ShardMergeTest, ClocksAFewSecondsApartStillMerge) {
  RunResult skewed = shard(1, 2);
  skewed.meta.start_time += std::chrono::seconds(3);
  EXPECT_TRUE(merge_results({shard(0, 2), skewed}, {"a.json", "b.json"}).ok());
}

TEST(ShardMergeTest, AShardThatEndedEarlyIsNamedInTheWarnings) {
  RunResult stopped = shard(1, 2);
  stopped.meta.interrupted = true;
  stopped.meta.interrupt_reason = "SIGTERM";
  auto merged = merge_results({shard(0, 2), stopped}, {"a.json", "b.json"});
  ASSERT_TRUE(merged.ok());
  bool named = false;
  for (const std::string& warning : merged->warnings) {
    named |= warning.find("b.json ended early (SIGTERM)") != std::string::npos;
  }
  EXPECT_TRUE(named);
}

TEST(ShardMergeTest, WindowsAlignOnWallClockTime) {
  RunResult late = shard(1, 2);
  late.meta.start_time += std::chrono::milliseconds(2'100);  // nearest window: 2 later
  auto merged = merge_results({shard(0, 2), late}, names(2));
  ASSERT_TRUE(merged.ok());
  const auto& windows = merged->metrics.find("home")->windows;
  ASSERT_EQ(windows.size(), 6u);
  EXPECT_EQ(windows[0].requests, 25);
  EXPECT_EQ(windows[2].requests, 50);
  EXPECT_EQ(windows[5].requests, 25);
  EXPECT_EQ(merged->metrics.load[1].iterations_started, 25);
  EXPECT_EQ(merged->metrics.load[3].iterations_started, 50);
  EXPECT_EQ(merged->metrics.total().requests, 200);
}

TEST(ShardMergeTest, NewFieldsRoundTripAndOldFilesStillRead) {
  RunResult r = shard(2, 4);
  r.meta.scheduled_start = *parse_rfc3339("2026-12-02T11:59:58Z");
  r.meta.start_late = microseconds(2'000'000);
  auto doc = nlohmann::json::parse(to_json_text(r));
  EXPECT_EQ(doc["meta"]["fingerprint"], "fnv1a64:00000000000000aa");
  EXPECT_EQ(doc["meta"]["start_at"]["late_s"], 2.0);
  EXPECT_FALSE(doc["meta"].contains("merged_shards"));
  auto read = parse_result(doc.dump(), "r.json");
  ASSERT_TRUE(read.ok()) << read.error().describe();
  EXPECT_EQ(read->meta.fingerprint, r.meta.fingerprint);
  EXPECT_EQ(read->meta.scheduled_start, r.meta.scheduled_start);
  EXPECT_EQ(read->meta.start_late, r.meta.start_late);
  EXPECT_EQ(to_json_text(*read), to_json_text(r));

  // A file written before these fields existed: none of them, and it reads as before.
  doc["meta"].erase("fingerprint");
  doc["meta"].erase("start_at");
  auto old = parse_result(doc.dump(), "old.json");
  ASSERT_TRUE(old.ok()) << old.error().describe();
  EXPECT_TRUE(old->meta.fingerprint.empty());
  EXPECT_FALSE(old->meta.scheduled_start);
  EXPECT_EQ(old->meta.shard_index, 2);
}

TEST(ShardMergeTest, RejectsAMalformedMergedShardList) {
  auto merged = merge_results({shard(0, 4), shard(1, 4)}, names(2));
  ASSERT_TRUE(merged.ok());
  auto doc = nlohmann::json::parse(to_json_text(*merged));
  doc["meta"]["merged_shards"]["present"] = {1, 0};
  auto read = parse_result(doc.dump(), "m.json");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().field, "meta.merged_shards.present[1]");
  doc["meta"]["merged_shards"]["present"] = {0, 4};
  EXPECT_FALSE(parse_result(doc.dump(), "m.json").ok());
}

}  // namespace
}  // namespace perfgate::results
