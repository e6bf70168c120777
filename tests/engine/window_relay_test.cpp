// SPDX-License-Identifier: MIT
#include "perfgate/engine/window_relay.h"

#include <gtest/gtest.h>

#include <vector>

namespace perfgate::engine {
namespace {

using namespace std::chrono_literals;

RunPlan two_worker_plan() {
  RunPlan plan;
  plan.profile = scenario::flat_profile("test", scenario::LoadModel::closed, 2, 10s);
  plan.endpoints = {"home", "login"};
  plan.threads = 2;
  return plan;
}

WindowReport report(int worker, int64_t index, int64_t home_requests) {
  WindowReport report;
  report.worker = worker;
  report.index = index;
  report.endpoints.resize(2);
  report.endpoints[0].requests = home_requests;
  report.load.iterations_started = 1;
  return report;
}

struct Handed {
  int64_t index;
  int64_t home_requests;
  int64_t iterations;
};

class WindowRelayTest : public ::testing::Test {
 protected:
  RunPlan m_plan = two_worker_plan();
  results::RunMetadata m_meta;
  std::vector<Handed> m_handed;
  WindowRelay m_relay{m_plan, m_meta, [this](const ClosedWindow& window) {
                        ASSERT_EQ(window.endpoints.size(), 2u);
                        EXPECT_EQ(window.meta, &m_meta);
                        m_handed.push_back({window.index, window.endpoints[0].requests,
                                            window.load.iterations_started});
                      }};
};

TEST_F(WindowRelayTest, HandsAWindowOverOnlyOnceEveryWorkerClosedIt) {
  m_relay.add(report(0, 0, 3));
  EXPECT_TRUE(m_handed.empty());
  m_relay.add(report(1, 0, 4));
  ASSERT_EQ(m_handed.size(), 1u);
  EXPECT_EQ(m_handed[0].home_requests, 7);
  EXPECT_EQ(m_handed[0].iterations, 2);
}

TEST_F(WindowRelayTest, AWorkerThatSkippedIdleWindowsHasClosedThem) {
  m_relay.add(report(0, 0, 1));
  m_relay.add(report(0, 1, 1));
  m_relay.add(report(0, 2, 1));
  m_relay.add(report(1, 2, 5));  // worker 1 was idle in windows 0 and 1
  ASSERT_EQ(m_handed.size(), 3u);
  EXPECT_EQ(m_handed[0].home_requests, 1);
  EXPECT_EQ(m_handed[2].home_requests, 6);
}

TEST_F(WindowRelayTest, FinishHandsOverTheRestInOrderWithEmptyGaps) {
  m_relay.add(report(0, 0, 1));
  m_relay.add(report(0, 3, 2));
  m_relay.finish();
  ASSERT_EQ(m_handed.size(), 4u);
  for (size_t i = 0; i < m_handed.size(); ++i) EXPECT_EQ(m_handed[i].index, int64_t(i));
  EXPECT_EQ(m_handed[1].home_requests, 0);
  EXPECT_EQ(m_handed[3].home_requests, 2);
}

TEST(StageAtTest, CountsStagesFromOneAndStaysOnTheLast) {
  scenario::Profile profile;
  profile.stages = {{10s, 5}, {20s, 5}};
  EXPECT_EQ(stage_at(profile, 0s), 1);
  EXPECT_EQ(stage_at(profile, 10s), 2);
  EXPECT_EQ(stage_at(profile, 99s), 2);
}

}  // namespace
}  // namespace perfgate::engine
