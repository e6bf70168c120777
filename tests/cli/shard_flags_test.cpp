// SPDX-License-Identifier: MIT
// The shard flags of `perf-gate run`, and shard results through `merge` and `gate`: bad shard
// specs exit 2 naming the flag or variable (before any request); merge refuses duplicates and
// other runs naming the files and reports missing shards; gate takes a directory or a glob of
// shard results and calls a run with a missing shard incomplete, never a regression.
#include "perfgate/cli/shard_flags.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "perfgate/results/result_file.h"
#include "perfgate/results/time_format.h"
#include "perfgate/util/file.h"
#include "support/subprocess.h"
#include "support/test_paths.h"

namespace perfgate::cli {
namespace {

using test::ProcessOptions;
using test::run_perf_gate;

std::string write_scenario(const test::TempDir& dir) {
  std::string path = dir.file("api.yaml");
  // Port 1: nothing listens; every case here must fail before sending anything.
  std::ofstream(path) << "name: api\ntarget: http://127.0.0.1:1\nscenarios:\n  - steps:\n"
                      << "      - { name: home, get: / }\nprofiles:\n"
                      << "  baseline: { rate: 40, duration: 1s }\n";
  return path;
}

ProcessOptions clean_env() {
  ProcessOptions options;
  options.unset_env = {"PERFGATE_SHARD", "JOB_COMPLETION_INDEX"};
  options.timeout = std::chrono::seconds(30);
  return options;
}

TEST(ShardFlagsTest, BadShardExitsTwoNamingTheFlag) {
  test::TempDir dir;
  std::string scenario = write_scenario(dir);
  for (const char* bad : {"5/4", "4/4", "0/0", "two/4", "1", "-1/4"}) {
    auto run =
        run_perf_gate({"run", scenario, "--shard", bad, "--out", dir.file("r.json")}, clean_env());
    EXPECT_EQ(run.exit_code, 2) << bad << ": " << run.err;
    EXPECT_NE(run.err.find("--shard"), std::string::npos) << run.err;
    EXPECT_FALSE(std::filesystem::exists(dir.file("r.json")));
  }
}

TEST(ShardFlagsTest, BadEnvironmentShardExitsTwoNamingTheVariable) {
  test::TempDir dir;
  ProcessOptions options = clean_env();
  options.env["PERFGATE_SHARD"] = "9/4";
  auto run = run_perf_gate({"run", write_scenario(dir), "--out", dir.file("r.json")}, options);
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("PERFGATE_SHARD"), std::string::npos) << run.err;
}

TEST(ShardFlagsTest, ShardsNeedsJobCompletionIndexBelowTheCount) {
  test::TempDir dir;
  std::string scenario = write_scenario(dir);
  auto missing = run_perf_gate({"run", scenario, "--shards", "4"}, clean_env());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("JOB_COMPLETION_INDEX is not set"), std::string::npos) << missing.err;
  ProcessOptions options = clean_env();
  options.env["JOB_COMPLETION_INDEX"] = "4";
  auto beyond = run_perf_gate({"run", scenario, "--shards", "4"}, options);
  EXPECT_EQ(beyond.exit_code, 2);
  EXPECT_NE(beyond.err.find("JOB_COMPLETION_INDEX"), std::string::npos) << beyond.err;
  auto both = run_perf_gate({"run", scenario, "--shards", "4", "--shard", "0/4"}, options);
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("exclude each other"), std::string::npos) << both.err;
}

// Parses `args` as `run`'s shard flags would be, with `env` as the environment.
engine::RunOptions shard_options(std::vector<std::string> args,
                                 const std::map<std::string, std::string>& env) {
  CLI::App app;
  ShardFlags flags;
  add_shard_flags(app, flags);
  std::reverse(args.begin(), args.end());  // CLI11 takes them last to first
  app.parse(args);
  engine::RunOptions options;
  apply_shard_flags(
      flags, app,
      [&env](const char* name) -> std::optional<std::string> {
        auto it = env.find(name);
        if (it == env.end()) return std::nullopt;
        return it->second;
      },
      options);
  return options;
}

TEST(ShardFlagsTest, TheShardComesFromTheFlagTheVariableOrTheJobIndex) {
  engine::RunOptions k8s = shard_options({"--shards", "4"}, {{"JOB_COMPLETION_INDEX", "2"}});
  EXPECT_EQ(k8s.shard.index, 2);
  EXPECT_EQ(k8s.shard.count, 4);
  engine::RunOptions env = shard_options({}, {{"PERFGATE_SHARD", "1/3"}});
  EXPECT_EQ(env.shard.index, 1);
  EXPECT_EQ(env.shard.count, 3);
  engine::RunOptions flag = shard_options({"--shard", "0/2"}, {{"PERFGATE_SHARD", "1/3"}});
  EXPECT_EQ(flag.shard.index, 0) << "--shard wins";
  EXPECT_EQ(flag.shard.count, 2);
  // An Indexed Job's index alone (no --shards) does not shard a run.
  engine::RunOptions plain = shard_options({}, {{"JOB_COMPLETION_INDEX", "2"}});
  EXPECT_EQ(plain.shard.count, 1);
  EXPECT_FALSE(plain.start_at.has_value());
}

TEST(ShardFlagsTest, BadStartAtExitsTwo) {
  test::TempDir dir;
  std::string scenario = write_scenario(dir);
  for (const char* bad : {"noon", "2026-13-01T00:00:00Z", "1796212800000"}) {
    auto run = run_perf_gate({"run", scenario, "--start-at", bad}, clean_env());
    EXPECT_EQ(run.exit_code, 2) << bad;
    EXPECT_NE(run.err.find("--start-at"), std::string::npos) << run.err;
  }
}

TEST(ShardFlagsTest, GatingAMissingResultsDirectoryIsBadInput) {
  // What a workflow's gate job gets when every shard failed and no artifact was downloaded.
  test::TempDir dir;
  auto gate = run_perf_gate({"gate", "--results", dir.file("shards"), "--github-token", "",
                             "--report-dir", dir.file("report")},
                            clean_env());
  EXPECT_EQ(gate.exit_code, 2) << gate.err;
  EXPECT_NE(gate.err.find(dir.file("shards")), std::string::npos) << gate.err;
}

TEST(ShardFlagsTest, StartAtTakesRfc3339OrUnixSeconds) {
  auto now = *results::parse_rfc3339("2026-12-02T12:00:00Z");
  auto rfc = parse_start_at("2026-12-02T12:01:00Z", now);
  ASSERT_TRUE(rfc.ok()) << rfc.error().describe();
  EXPECT_EQ(*rfc - now, std::chrono::minutes(1));
  auto unix_seconds = parse_start_at("1796212860", now);  // 2026-12-02T12:01:00Z
  ASSERT_TRUE(unix_seconds.ok());
  EXPECT_EQ(results::format_rfc3339(*unix_seconds), "2026-12-02T12:01:00.000Z");
  auto fraction = parse_start_at("1796212860.5", now);
  ASSERT_TRUE(fraction.ok());
  EXPECT_EQ(results::format_rfc3339(*fraction), "2026-12-02T12:01:00.500Z");
  auto milliseconds = parse_start_at("1796212860.123", now);  // a hair under .123 as a double
  ASSERT_TRUE(milliseconds.ok());
  EXPECT_EQ(results::format_rfc3339(*milliseconds), "2026-12-02T12:01:00.123Z");
  EXPECT_TRUE(parse_start_at("2026-12-02T11:30:00Z", now).ok());   // past: runs late, says so
  EXPECT_FALSE(parse_start_at("2026-12-02T10:00:00Z", now).ok());  // left from an earlier run
  EXPECT_FALSE(parse_start_at("1000000000", now).ok());
  EXPECT_FALSE(parse_start_at("2026-12-04T12:00:00Z", now).ok());  // two days ahead
  EXPECT_FALSE(parse_start_at("1.2.3", now).ok());
}

results::RunResult shard(int index, int count) {
  results::RunResult r;
  r.meta.scenario = "api";
  r.meta.profile = "baseline";
  r.meta.model = "open";
  r.meta.target = "http://127.0.0.1:1";
  r.meta.start_time = *results::parse_rfc3339("2026-12-02T12:00:00Z");
  r.meta.duration = std::chrono::seconds(10);
  r.meta.perf_gate_version = "0.1.0";
  r.meta.shard_index = index;
  r.meta.shard_count = count;
  r.meta.fingerprint = "fnv1a64:0000000000000001";
  metrics::EndpointSeries& home = r.metrics.get_or_add("home");
  home.windows.resize(10);
  for (int i = 0; i < 500; ++i) {
    int64_t latency = 1000 + 7 * i;
    home.totals.requests++;
    home.totals.status_counts[200]++;
    home.totals.latency.record(latency);
    home.totals.latency_uncorrected.record(latency);
    metrics::Histogram one;
    one.record(latency);
    auto& window = home.windows[static_cast<size_t>(i % 10)];
    window.requests++;
    window.latency.merge(metrics::CompactHistogram::from(one));
  }
  return r;
}

void write_shards(const test::TempDir& dir, const std::vector<int>& indexes, int count) {
  for (int index : indexes) {
    ASSERT_TRUE(results::write_result_file(dir.file(fmt::format("shard-{}.json", index)),
                                           shard(index, count))
                    .ok());
  }
}

TEST(ShardMergeCommandTest, MissingShardsAreReportedInTheMergedResults) {
  test::TempDir dir;
  write_shards(dir, {0, 1, 3}, 4);
  auto run = run_perf_gate({"merge", dir.file("shard-0.json"), dir.file("shard-1.json"),
                            dir.file("shard-3.json"), "--out", dir.file("merged.json")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("merged 3 of 4 shards"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("incomplete: 3 of 4 shards (missing: 2)"), std::string::npos) << run.err;
  auto merged = results::read_result_file(dir.file("merged.json"));
  ASSERT_TRUE(merged.ok()) << merged.error().describe();
  EXPECT_EQ(merged->metrics.total().requests, 1500);
  EXPECT_EQ(merged->meta.merged_shards, (std::vector<int>{0, 1, 3}));
  EXPECT_TRUE(results::incomplete(merged->meta));
}

TEST(ShardMergeCommandTest, AnIncompleteRunCannotBecomeTheBaseline) {
  test::TempDir dir;
  write_shards(dir, {0, 1, 3}, 4);
  ASSERT_EQ(run_perf_gate({"merge", dir.file("shard-0.json"), dir.file("shard-1.json"),
                           dir.file("shard-3.json"), "--out", dir.file("merged.json")})
                .exit_code,
            0);
  auto update = run_perf_gate(
      {"baseline", "update", dir.file("merged.json"), "--baseline", dir.file("baseline.json")});
  EXPECT_EQ(update.exit_code, 2);
  EXPECT_NE(update.err.find("incomplete (3 of 4 shards (missing: 2))"), std::string::npos)
      << update.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("baseline.json")));
}

TEST(ShardMergeCommandTest, TheSameShardTwiceExitsTwoNamingBothFiles) {
  test::TempDir dir;
  write_shards(dir, {0, 1}, 2);
  std::filesystem::copy_file(dir.file("shard-1.json"), dir.file("copy.json"));
  auto run = run_perf_gate({"merge", dir.file("shard-0.json"), dir.file("shard-1.json"),
                            dir.file("copy.json"), "--out", dir.file("merged.json")});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("shard-1.json and " + dir.file("copy.json")), std::string::npos)
      << run.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("merged.json")));
}

TEST(ShardMergeCommandTest, ShardsOfDifferentLoadsExitTwoNamingBothFiles) {
  test::TempDir dir;
  write_shards(dir, {0}, 2);
  results::RunResult other = shard(1, 2);
  other.meta.fingerprint = "fnv1a64:0000000000000002";
  ASSERT_TRUE(results::write_result_file(dir.file("other.json"), other).ok());
  auto run = run_perf_gate(
      {"merge", dir.file("shard-0.json"), dir.file("other.json"), "--out", dir.file("m.json")});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("shard-0.json"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("other.json"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("fingerprint"), std::string::npos) << run.err;
}

ProcessOptions outside_actions(const test::TempDir& dir) {
  ProcessOptions options;
  options.working_dir = dir.path().string();
  options.unset_env = {"GITHUB_ACTIONS",    "GITHUB_OUTPUT",     "GITHUB_STEP_SUMMARY",
                       "GITHUB_EVENT_PATH", "GITHUB_EVENT_NAME", "INPUT_GITHUB-TOKEN"};
  return options;
}

// The verdict inside the gate's JSON report (a missing report is an empty verdict).
nlohmann::json read_verdict(const std::string& report) {
  auto text = util::read_file(report);
  return text ? nlohmann::json::parse(*text)["verdict"] : nlohmann::json::object();
}

TEST(ShardGateTest, GateMergesADirectoryOfShardsAndPassesWhenComplete) {
  test::TempDir dir;
  std::filesystem::create_directory(dir.file("shards"));
  for (int index : {0, 1, 2}) {
    ASSERT_TRUE(results::write_result_file(dir.file(fmt::format("shards/shard-{}.json", index)),
                                           shard(index, 3))
                    .ok());
  }
  std::string thresholds = dir.file("thresholds.yaml");
  // 1500 requests in 10 s: 150/s meets "rate>100"; 1.0–4.5 ms meets the latency rule.
  std::ofstream(thresholds) << "http_reqs: [\"rate>100\"]\nhttp_req_duration: [\"p(95)<50\"]\n";
  auto run = run_perf_gate({"gate", "--results", dir.file("shards"), "--report-dir",
                            dir.file("report"), "--thresholds", thresholds},
                           outside_actions(dir));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  auto verdict = read_verdict(dir.file("report/report.json"));
  EXPECT_EQ(verdict["verdict"], "pass") << verdict.dump(1);
  auto merged = results::read_result_file(dir.file("report/results.json"));
  ASSERT_TRUE(merged.ok()) << merged.error().describe();
  EXPECT_EQ(merged->metrics.total().requests, 1500);
  EXPECT_EQ(merged->meta.merged_shards, (std::vector<int>{0, 1, 2}));
}

TEST(ShardGateTest, GateOnAGlobWithAMissingShardIsIncompleteNotARegression) {
  test::TempDir dir;
  write_shards(dir, {0, 1, 3}, 4);
  std::string thresholds = dir.file("thresholds.yaml");
  // 1500 requests in 10 s: 150/s breaks "rate>190", as the missing shard's 50/s would not.
  std::ofstream(thresholds) << "http_reqs: [\"rate>190\"]\n";
  auto run = run_perf_gate({"gate", "--results", dir.file("shard-*.json"), "--report-dir",
                            dir.file("report"), "--thresholds", thresholds},
                           outside_actions(dir));
  EXPECT_EQ(run.exit_code, 0) << run.err;  // inconclusive does not fail by default (fail-on)
  EXPECT_NE(run.err.find("3 of 4 shards"), std::string::npos) << run.err;
  auto verdict = read_verdict(dir.file("report/report.json"));
  EXPECT_EQ(verdict["verdict"], "inconclusive") << verdict.dump(1);
  for (const auto& check : verdict["checks"]) EXPECT_NE(check["status"], "fail") << check.dump();
  auto markdown = util::read_file(dir.file("report/report.md"));
  ASSERT_TRUE(markdown.ok());
  const std::string& report = *markdown;
  EXPECT_NE(report.find("3 of 4 shards (missing: 2)"), std::string::npos) << report;

  auto strict =
      run_perf_gate({"gate", "--results", dir.file("shard-*.json"), "--report-dir",
                     dir.file("strict"), "--thresholds", thresholds, "--fail-on", "inconclusive"},
                    outside_actions(dir));
  EXPECT_EQ(strict.exit_code, 1) << strict.err;
}

TEST(ShardGateTest, GateOnAnEmptyGlobExitsTwo) {
  test::TempDir dir;
  auto run = run_perf_gate(
      {"gate", "--results", dir.file("nothing-*.json"), "--report-dir", dir.file("report")},
      outside_actions(dir));
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("no results files"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace perfgate::cli
