// SPDX-License-Identifier: MIT
#include "perfgate/engine/arrival_schedule.h"

#include <gtest/gtest.h>

#include "perfgate/engine/run_plan.h"

namespace perfgate::engine {
namespace {

using namespace std::chrono_literals;

TEST(ArrivalScheduleTest, FlatRateIsEvenlySpaced) {
  auto profile = scenario::flat_profile("p", scenario::LoadModel::open, 200, 5s);
  ArrivalSchedule schedule(profile);
  EXPECT_EQ(schedule.total(), 1000);
  EXPECT_EQ(schedule.time_of(0), 0ns);
  EXPECT_EQ(schedule.time_of(1), 5ms);
  EXPECT_EQ(schedule.time_of(999), 4995ms);
  EXPECT_FALSE(schedule.time_of(1000));
}

TEST(ArrivalScheduleTest, LinearRampFollowsTheIntegral) {
  scenario::Profile profile;
  profile.model = scenario::LoadModel::open;
  profile.stages = {{10s, 100}};  // 0 -> 100/s: 500 arrivals, n(t) = 5 t^2
  ArrivalSchedule schedule(profile);
  EXPECT_EQ(schedule.total(), 500);
  auto at = schedule.time_of(125);  // 5 t^2 = 125 -> t = 5 s
  ASSERT_TRUE(at);
  EXPECT_NEAR(static_cast<double>(at->count()) / 1e9, 5.0, 1e-6);
}

TEST(ArrivalScheduleTest, StagesChain) {
  scenario::Profile profile;
  profile.model = scenario::LoadModel::open;
  profile.start_target = 10;
  profile.stages = {{1s, 10}, {1s, 30}};  // 10 + 20 arrivals
  ArrivalSchedule schedule(profile);
  EXPECT_EQ(schedule.total(), 30);
  EXPECT_EQ(schedule.time_of(10), 1s);
  for (int64_t i = 1; i < 30; ++i) EXPECT_GT(*schedule.time_of(i), *schedule.time_of(i - 1));
}

TEST(WeightedPickerTest, EveryPrefixIsWithinOnePickOfTheShare) {
  WeightedPicker picker({3, 1});
  int counts[2] = {0, 0};
  for (int i = 1; i <= 100; ++i) {
    ++counts[picker.next()];
    EXPECT_NEAR(counts[0], 0.75 * i, 1.0);
  }
}

}  // namespace
}  // namespace perfgate::engine
