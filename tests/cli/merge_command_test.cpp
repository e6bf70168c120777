// SPDX-License-Identifier: MIT
// `perf-gate merge`: shards merge into one exact result; bad inputs exit 2 naming the file.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "perfgate/results/result_file.h"
#include "perfgate/results/time_format.h"
#include "perfgate/util/file.h"
#include "support/subprocess.h"
#include "support/test_paths.h"

namespace perfgate::cli {
namespace {

using test::run_perf_gate;

results::RunResult shard(int index, int64_t base_latency_us) {
  results::RunResult r;
  r.meta.scenario = "api";
  r.meta.profile = "baseline";
  r.meta.model = "closed";
  r.meta.target = "http://127.0.0.1:1";
  r.meta.start_time = *results::parse_rfc3339("2026-11-22T04:43:00Z");
  r.meta.duration = std::chrono::seconds(10);
  r.meta.perf_gate_version = "0.1.0";
  r.meta.shard_index = index;
  r.meta.shard_count = 2;
  metrics::EndpointSeries& home = r.metrics.get_or_add("home");
  home.windows.resize(10);
  for (int i = 0; i < 1000; ++i) {
    int64_t latency = base_latency_us + i;
    home.totals.requests++;
    home.totals.status_counts[200]++;
    home.totals.latency.record(latency);
    home.totals.latency_uncorrected.record(latency);
    metrics::Histogram window;
    window.record(latency);
    auto& w = home.windows[static_cast<size_t>(i % 10)];
    w.requests++;
    w.latency.merge(metrics::CompactHistogram::from(window));
  }
  return r;
}

TEST(MergeCommandTest, MergedShardsEqualOneRunOfTheSameRequests) {
  test::TempDir dir;
  results::RunResult a = shard(0, 1000), b = shard(1, 5000);
  ASSERT_TRUE(results::write_result_file(dir.file("a.json"), a).ok());
  ASSERT_TRUE(results::write_result_file(dir.file("b.json"), b).ok());
  auto run =
      run_perf_gate({"merge", dir.file("a.json"), dir.file("b.json"), "--out", dir.file("m.json")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto merged = results::read_result_file(dir.file("m.json"));
  ASSERT_TRUE(merged.ok()) << merged.error().describe();

  metrics::Histogram expected = a.metrics.endpoints[0].totals.latency;
  expected.merge(b.metrics.endpoints[0].totals.latency);
  const auto& home = merged->metrics.find("home")->totals;
  EXPECT_EQ(home.requests, 2000);
  for (double p : {50.0, 90.0, 99.0, 99.9}) {
    EXPECT_EQ(home.latency.value_at_percentile(p), expected.value_at_percentile(p)) << p;
  }
  EXPECT_EQ(merged->metrics.find("home")->windows[3].requests, 200);
  EXPECT_EQ(merged->meta.shard_count, 1);
}

TEST(MergeCommandTest, MismatchedProfilesExitTwo) {
  test::TempDir dir;
  results::RunResult a = shard(0, 1000), b = shard(1, 1000);
  b.meta.profile = "stress";
  ASSERT_TRUE(results::write_result_file(dir.file("a.json"), a).ok());
  ASSERT_TRUE(results::write_result_file(dir.file("b.json"), b).ok());
  auto run =
      run_perf_gate({"merge", dir.file("a.json"), dir.file("b.json"), "--out", dir.file("m.json")});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("stress"), std::string::npos) << run.err;
}

TEST(MergeCommandTest, CorruptInputExitsTwoNamingFileAndField) {
  test::TempDir dir;
  auto doc = nlohmann::json::parse(results::to_json_text(shard(0, 1000)));
  doc["endpoints"]["home"]["requests"] = -5;
  ASSERT_TRUE(util::write_file_atomic(dir.file("bad.json"), doc.dump()).ok());
  auto run = run_perf_gate({"merge", dir.file("bad.json"), "--out", dir.file("m.json")});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("bad.json"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("requests"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace perfgate::cli
