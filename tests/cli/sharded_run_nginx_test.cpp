// SPDX-License-Identifier: MIT
// Issue #13 end to end: four shards of one open-model run, started together with --start-at as
// four perf-gate processes against nginx on loopback. Each shard sends its share of the
// arrivals with its own data rows; the merged request count is what nginx logged and the sum of
// the shards; the merged percentiles are those of the shards' combined histograms, exactly; and
// one unsharded run of the same profile sends the same number of requests.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <memory>
#include <regex>
#include <set>

#include "perfgate/results/result_file.h"
#include "perfgate/results/time_format.h"
#include "support/nginx_server.h"
#include "support/subprocess.h"
#include "support/test_paths.h"

namespace perfgate::cli {
namespace {

using namespace std::chrono_literals;

constexpr int k_shards = 4;
constexpr int k_users = 16;
constexpr int64_t k_arrivals = 600;  // 200 iterations/s for 3 s

std::string write_scenario(const test::TempDir& dir, const std::string& target) {
  std::ofstream users(dir.file("users.csv"));
  users << "user\n";
  for (int i = 0; i < k_users; ++i) users << "user" << i << "\n";
  users.close();
  std::string path = dir.file("sharded.yaml");
  // The shard is in the query, so that nginx's log says which shard sent each user.
  std::ofstream(path) << "name: sharded\ntarget: " << target << "\ndata: users.csv\n"
                      << "scenarios:\n  - name: visit\n    steps:\n      - name: home\n"
                      << "        get: \"/?user={{ user }}&shard={{ env.PERFGATE_TEST_SHARD }}\"\n"
                      << "profiles:\n  steady: { rate: 200, duration: 3s }\n";
  return path;
}

test::ProcessOptions shard_env(const std::string& shard) {
  test::ProcessOptions options;
  options.env["PERFGATE_TEST_SHARD"] = shard;
  options.unset_env = {"PERFGATE_SHARD", "JOB_COMPLETION_INDEX"};
  options.timeout = 90s;
  return options;
}

std::vector<std::string> run_args(const std::string& scenario, const std::string& out) {
  return {test::perf_gate_binary().string(),
          "run",
          scenario,
          "--profile",
          "steady",
          "--threads",
          "1",
          "--progress",
          "off",
          "--out",
          out};
}

TEST(ShardedRunNginxTest, FourConcurrentShardsMergeIntoWhatTheServerSaw) {
  test::NginxServer nginx(test::NginxOptions{.access_log = true});
  test::TempDir dir;
  std::string scenario = write_scenario(dir, nginx.base_url());
  // A shared start a little ahead, as a workflow would set it for shards on other machines.
  auto start_at = std::chrono::system_clock::now() + 2s;
  std::string start_text = results::format_rfc3339(start_at);

  std::vector<std::unique_ptr<test::BackgroundProcess>> shards;
  for (int i = 0; i < k_shards; ++i) {
    std::vector<std::string> args = run_args(scenario, dir.file(fmt::format("shard-{}.json", i)));
    args.insert(args.end(),
                {"--shard", fmt::format("{}/{}", i, k_shards), "--start-at", start_text});
    shards.push_back(std::make_unique<test::BackgroundProcess>(args, shard_env(std::to_string(i))));
  }
  std::vector<results::RunResult> parts;
  int64_t shard_requests = 0;
  for (int i = 0; i < k_shards; ++i) {
    test::ProcessResult outcome = shards[static_cast<size_t>(i)]->wait(90s);
    ASSERT_EQ(outcome.exit_code, 0) << "shard " << i << ": " << outcome.err;
    auto result = results::read_result_file(dir.file(fmt::format("shard-{}.json", i)));
    ASSERT_TRUE(result.ok()) << result.error().describe();
    const results::RunMetadata& meta = result->meta;
    EXPECT_EQ(meta.shard_index, i);
    EXPECT_EQ(meta.shard_count, k_shards);
    ASSERT_TRUE(meta.scheduled_start.has_value());
    EXPECT_EQ(results::format_rfc3339(*meta.scheduled_start), start_text);
    EXPECT_DOUBLE_EQ(meta.planned_rate, 50);
    EXPECT_FALSE(meta.fingerprint.empty());
    if (i > 0) {
      EXPECT_EQ(meta.fingerprint, parts[0].meta.fingerprint);
    }
    // Its share of the arrivals: every 4th of the profile's 600, each one request or a drop.
    int64_t requests = result->metrics.total().requests;
    EXPECT_EQ(requests + result->metrics.dropped_iterations, k_arrivals / k_shards) << i;
    shard_requests += requests;
    parts.push_back(std::move(*result));
  }
  EXPECT_EQ(nginx.access_log_lines(), static_cast<size_t>(shard_requests));

  // Each shard used only its own rows: users i, i+4, … (no two shards share a user).
  std::string log = nginx.access_log_text();
  std::regex request(R"(GET /\?user=user(\d+)&shard=(\d+) )");
  std::set<std::pair<int, int>> seen;
  for (auto it = std::sregex_iterator(log.begin(), log.end(), request);
       it != std::sregex_iterator(); ++it) {
    int user = std::stoi((*it)[1].str());
    int shard = std::stoi((*it)[2].str());
    EXPECT_EQ(user % k_shards, shard) << "user" << user << " sent by shard " << shard;
    seen.emplace(user, shard);
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(k_users)) << "every user, each by one shard";

  std::vector<std::string> merge = {"merge"};
  for (int i = 0; i < k_shards; ++i) merge.push_back(dir.file(fmt::format("shard-{}.json", i)));
  merge.insert(merge.end(), {"--out", dir.file("merged.json")});
  test::ProcessResult merged_run = test::run_perf_gate(merge);
  ASSERT_EQ(merged_run.exit_code, 0) << merged_run.err;
  auto merged = results::read_result_file(dir.file("merged.json"));
  ASSERT_TRUE(merged.ok()) << merged.error().describe();
  EXPECT_FALSE(results::incomplete(merged->meta));
  EXPECT_EQ(merged->meta.merged_shards, (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(merged->metrics.total().requests, shard_requests);
  EXPECT_EQ(static_cast<size_t>(merged->metrics.total().requests), nginx.access_log_lines());
  EXPECT_DOUBLE_EQ(merged->meta.planned_rate, 200);

  metrics::Histogram combined;
  for (const results::RunResult& part : parts) combined.merge(part.metrics.total().latency);
  metrics::Histogram merged_latency = merged->metrics.total().latency;
  for (double p : {50.0, 90.0, 95.0, 99.0, 99.9, 100.0}) {
    EXPECT_EQ(merged_latency.value_at_percentile(p), combined.value_at_percentile(p)) << p;
  }

  // One unsharded run of the same profile: the same arrivals, so the same requests (less any
  // drops), and latency of the same order. Latency is not asserted tightly: this machine is
  // shared, and the bound only catches a merge that mixes up units or shards.
  size_t logged_before = nginx.access_log_lines();
  test::ProcessResult single =
      test::run_process(run_args(scenario, dir.file("single.json")), shard_env("all"));
  ASSERT_EQ(single.exit_code, 0) << single.err;
  auto whole = results::read_result_file(dir.file("single.json"));
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->metrics.total().requests + whole->metrics.dropped_iterations, k_arrivals);
  EXPECT_EQ(merged->metrics.total().requests + merged->metrics.dropped_iterations, k_arrivals);
  EXPECT_EQ(nginx.access_log_lines() - logged_before,
            static_cast<size_t>(whole->metrics.total().requests));
  double merged_p50_ms = static_cast<double>(merged_latency.value_at_percentile(50)) / 1000.0;
  double single_p50_ms =
      static_cast<double>(whole->metrics.total().latency.value_at_percentile(50)) / 1000.0;
  EXPECT_LT(std::abs(merged_p50_ms - single_p50_ms), 100.0)
      << merged_p50_ms << " ms vs " << single_p50_ms << " ms";
}

TEST(ShardedRunNginxTest, AShardThatStartsLateSaysByHowMuch) {
  test::NginxServer nginx;
  test::TempDir dir;
  std::string scenario = write_scenario(dir, nginx.base_url());
  // The shared start already passed (this shard's machine came up late).
  auto start_at = std::chrono::system_clock::now() - 5s;
  std::vector<std::string> args = run_args(scenario, dir.file("late.json"));
  args.insert(args.end(), {"--rate", "20", "--duration", "1s", "--shard", "1/2", "--start-at",
                           results::format_rfc3339(start_at)});
  args.erase(args.begin());  // run_perf_gate adds the binary
  test::ProcessResult run = test::run_perf_gate(args, shard_env("1"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("late start: shard 1/2 began"), std::string::npos) << run.err;
  auto result = results::read_result_file(dir.file("late.json"));
  ASSERT_TRUE(result.ok()) << result.error().describe();
  EXPECT_GE(result->meta.start_late, 5s);
  ASSERT_FALSE(result->warnings.empty());
  EXPECT_TRUE(result->warnings[0].starts_with("late start: shard 1/2")) << result->warnings[0];
  // Its share of 20 arrivals: the odd ones.
  EXPECT_EQ(result->metrics.total().requests + result->metrics.dropped_iterations, 10);
}

}  // namespace
}  // namespace perfgate::cli
