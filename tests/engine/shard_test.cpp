// SPDX-License-Identifier: MIT
// Shards: the load splits so that the shards' shares add up exactly to the unsharded run's —
// VUs at every instant, open-model arrivals interleaved, data rows partitioned — and bad shard
// specs are refused naming the flag.
#include "perfgate/engine/shard.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <set>

#include "perfgate/engine/arrival_schedule.h"
#include "perfgate/engine/run_plan.h"
#include "perfgate/scenario/scenario_loader.h"

namespace perfgate::engine {
namespace {

using namespace std::chrono_literals;

TEST(ParseShardTest, AcceptsIndexFromZeroBelowCount) {
  auto shard = parse_shard("2/4", "--shard");
  ASSERT_TRUE(shard.ok()) << shard.error().describe();
  EXPECT_EQ(shard->index, 2);
  EXPECT_EQ(shard->count, 4);
  EXPECT_TRUE(shard->sharded());
  EXPECT_FALSE(parse_shard("0/1", "--shard")->sharded());
}

TEST(ParseShardTest, RefusesOutOfRangeAndMalformedNamingTheOrigin) {
  for (const char* bad :
       {"5/4", "4/4", "0/0", "-1/4", "1", "a/b", "1/4x", "", "/4", "1/", "1/100000"}) {
    auto shard = parse_shard(bad, "PERFGATE_SHARD");
    ASSERT_FALSE(shard.ok()) << bad;
    EXPECT_EQ(shard.error().kind, ErrorKind::bad_input);
    EXPECT_TRUE(shard.error().message.starts_with("PERFGATE_SHARD: ")) << shard.error().message;
  }
}

TEST(ParseShardTest, IndexFromTheEnvironmentMustBeBelowTheCount) {
  auto shard = shard_from_index("3", 4, "JOB_COMPLETION_INDEX");
  ASSERT_TRUE(shard.ok());
  EXPECT_EQ(shard->index, 3);
  EXPECT_FALSE(shard_from_index("4", 4, "JOB_COMPLETION_INDEX").ok());
  EXPECT_FALSE(shard_from_index("", 4, "JOB_COMPLETION_INDEX").ok());
  EXPECT_FALSE(shard_from_index("1", 0, "JOB_COMPLETION_INDEX").ok());
  EXPECT_NE(
      shard_from_index("x", 4, "JOB_COMPLETION_INDEX").error().message.find("JOB_COMPLETION_INDEX"),
      std::string::npos);
}

TEST(LaneShareTest, SharesAddUpExactlyAndTheRemainderIsSpread) {
  for (int64_t total : {0, 1, 3, 4, 7, 10, 101, 1000}) {
    for (int64_t count : {1, 2, 3, 4, 7}) {
      int64_t sum = 0, low = total, high = 0;
      for (int64_t i = 0; i < count; ++i) {
        int64_t share = lane_share(total, i, count);
        sum += share;
        low = std::min(low, share);
        high = std::max(high, share);
      }
      EXPECT_EQ(sum, total) << total << " over " << count;
      EXPECT_LE(high - low, 1) << total << " over " << count;
    }
  }
  // 10 VUs over 4 shards: 3, 3, 2, 2 (the first shards take the remainder).
  EXPECT_EQ(lane_share(10, 0, 4), 3);
  EXPECT_EQ(lane_share(10, 1, 4), 3);
  EXPECT_EQ(lane_share(10, 2, 4), 2);
  EXPECT_EQ(lane_share(10, 3, 4), 2);
}

TEST(LaneShareTest, ShardVusAddUpToTheUnshardedRampAtEveryInstant) {
  scenario::Profile ramp;
  ramp.model = scenario::LoadModel::closed;
  ramp.start_target = 0;
  ramp.stages = {{10s, 37}, {5s, 37}, {10s, 3}};
  for (int count : {2, 3, 4}) {
    for (int64_t ms = 0; ms <= 25'000; ms += 250) {
      scenario::Micros at = std::chrono::milliseconds(ms);
      int64_t whole = lane_vus_at(ramp, at, 37, Lane{0, 1});
      int64_t sum = 0;
      for (int i = 0; i < count; ++i) {
        // Each shard with its own thread count: the threads split the shard's share.
        int threads = i + 1;
        for (int t = 0; t < threads; ++t)
          sum += lane_vus_at(ramp, at, 37, worker_lane(Shard{i, count}, t, threads));
      }
      EXPECT_EQ(sum, whole) << count << " shards at " << ms << " ms";
    }
  }
}

TEST(LaneShareTest, OpenModelArrivalsInterleaveIntoTheProfilesSchedule) {
  scenario::Profile profile;
  profile.model = scenario::LoadModel::open;
  profile.start_target = 5;
  profile.stages = {{2s, 50}, {1s, 200}, {2s, 10}};
  ArrivalSchedule schedule(profile);
  const int count = 4;
  std::vector<int64_t> taken;
  for (int i = 0; i < count; ++i) {
    // Shard i takes arrivals i, i+N, …: its k-th arrival is lane_arrival(k).
    Lane lane = worker_lane(Shard{i, count}, 0, 1);
    for (int64_t k = 0; schedule.time_of(lane_arrival(lane, k)); ++k) {
      int64_t index = lane_arrival(lane, k);
      EXPECT_EQ(index % count, i);
      taken.push_back(index);
    }
    EXPECT_EQ(lane_share(schedule.total(), i, count),
              static_cast<int64_t>(std::count_if(taken.begin(), taken.end(),
                                                 [&](int64_t a) { return a % count == i; })));
  }
  std::sort(taken.begin(), taken.end());
  std::vector<int64_t> all(static_cast<size_t>(schedule.total()));
  std::iota(all.begin(), all.end(), 0);
  EXPECT_EQ(taken, all);  // every arrival exactly once: the combined schedule is the profile's
}

TEST(LaneShareTest, WorkerLanesOfAllShardsPartitionTheItems) {
  // Shards with different thread counts still cover every VU number exactly once.
  const int count = 3;
  const int threads_of[count] = {1, 2, 4};
  std::multiset<int64_t> owners;
  for (int i = 0; i < count; ++i) {
    for (int t = 0; t < threads_of[i]; ++t) {
      Lane lane = worker_lane(Shard{i, count}, t, threads_of[i]);
      for (int64_t j = lane.index; j < 100; j += lane.count) owners.insert(j);
    }
  }
  for (int64_t j = 0; j < 100; ++j) EXPECT_EQ(owners.count(j), 1u) << j;
}

TEST(ShardRowsTest, ShardsGetDisjointRowsCoveringTheFile) {
  scenario::DataFile data;
  data.path = "users.csv";
  data.columns = {"user"};
  for (int i = 0; i < 10; ++i) data.rows.push_back({"user" + std::to_string(i)});
  std::multiset<std::string> seen;
  for (int i = 0; i < 4; ++i) {
    auto part = shard_rows(data, Shard{i, 4});
    ASSERT_TRUE(part.ok());
    EXPECT_EQ(static_cast<int64_t>(part->rows.size()), lane_share(10, i, 4));
    EXPECT_EQ(part->columns, data.columns);
    for (const auto& row : part->rows) seen.insert(row[0]);
  }
  EXPECT_EQ(seen.size(), 10u);
  for (const auto& row : data.rows) EXPECT_EQ(seen.count(row[0]), 1u);
  auto too_few = shard_rows(data, Shard{0, 11});
  ASSERT_FALSE(too_few.ok());
  EXPECT_NE(too_few.error().message.find("users.csv"), std::string::npos);
}

scenario::Scenario scenario_with(const std::string& profiles) {
  auto parsed = scenario::parse_scenario(
      "name: api\ntarget: http://127.0.0.1:1\nscenarios:\n  - name: a\n    weight: 3\n    "
      "steps: [ { name: home, get: / } ]\n  - name: b\n    steps: [ { name: other, get: /b } "
      "]\nprofiles:\n" +
          profiles,
      "api.yaml", ".");
  if (!parsed) throw std::runtime_error(parsed.error().describe());
  return *parsed;
}

TEST(ShardPlanTest, ClosedShardsTakeTheirShareOfPeakVusWithTheWholeRunsJourneyMix) {
  scenario::Scenario scenario = scenario_with("  baseline: { vus: 10, duration: 5s }\n");
  RunOptions options;
  int64_t sum = 0;
  auto whole = make_plan(scenario, options, 1 << 20);
  ASSERT_TRUE(whole.ok());
  for (int i = 0; i < 4; ++i) {
    options.shard = Shard{i, 4};
    auto plan = make_plan(scenario, options, 1 << 20);
    ASSERT_TRUE(plan.ok()) << plan.error().describe();
    EXPECT_EQ(plan->total_vus, 10);
    EXPECT_EQ(plan->peak_vus, lane_share(10, i, 4));
    EXPECT_LE(plan->threads, plan->peak_vus);
    EXPECT_EQ(plan->vu_journey, whole->vu_journey);  // VU j runs the same journey in any shard
    EXPECT_EQ(plan->fingerprint, whole->fingerprint);
    sum += plan->peak_vus;
  }
  EXPECT_EQ(sum, 10);
}

TEST(ShardPlanTest, RefusesMoreShardsThanVusOrRequests) {
  scenario::Scenario scenario = scenario_with("  baseline: { vus: 3, duration: 5s }\n");
  RunOptions options;
  options.shard = Shard{3, 4};
  auto plan = make_plan(scenario, options, 1 << 20);
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.error().message.find("--shard 3/4"), std::string::npos) << plan.error().message;
  // Shard 0 would have a VU, but the run could never be complete: it refuses too, before load.
  options.shard = Shard{0, 4};
  EXPECT_FALSE(make_plan(scenario, options, 1 << 20).ok());
  options.shard = Shard{1, 2};
  options.max_requests = 1;  // shard 0 takes the one request; shard 1 would have none
  EXPECT_FALSE(make_plan(scenario, options, 1 << 20).ok());
  options.shard = Shard{0, 2};
  options.max_requests = 5;
  auto split = make_plan(scenario, options, 1 << 20);
  ASSERT_TRUE(split.ok());
  EXPECT_EQ(split->max_requests, 3);
}

TEST(ShardPlanTest, OpenModelSplitsAnExplicitMaxVusExactly) {
  scenario::Scenario scenario =
      scenario_with("  steady: { rate: 100, duration: 5s, max_vus: 10 }\n");
  RunOptions options;
  int64_t sum = 0;
  for (int i = 0; i < 3; ++i) {
    options.shard = Shard{i, 3};
    auto plan = make_plan(scenario, options, 1 << 20);
    ASSERT_TRUE(plan.ok()) << plan.error().describe();
    EXPECT_DOUBLE_EQ(plan->peak_rate, 100);  // the schedule is the whole run's; lanes pick
    sum += plan->peak_vus;
  }
  EXPECT_EQ(sum, 10);
}

TEST(ShardPlanTest, FingerprintChangesWithTheLoadNotWithTheShard) {
  scenario::Scenario scenario = scenario_with("  baseline: { vus: 10, duration: 5s }\n");
  RunOptions options;
  auto a = make_plan(scenario, options, 1 << 20);
  options.vus = 11;
  auto b = make_plan(scenario, options, 1 << 20);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->fingerprint, b->fingerprint);
  EXPECT_TRUE(a->fingerprint.starts_with("fnv1a64:"));
  scenario::Scenario edited = scenario;
  edited.source_digest = "fnv1a64:0000000000000000";
  options.vus.reset();
  auto c = make_plan(edited, options, 1 << 20);
  ASSERT_TRUE(c.ok());
  EXPECT_NE(a->fingerprint, c->fingerprint);
}

}  // namespace
}  // namespace perfgate::engine
