// SPDX-License-Identifier: MIT
#include "perfgate/webhook/rollback_policy.h"

#include <gtest/gtest.h>

#include "webhook/webhook_test_verdicts.h"

namespace perfgate::webhook {
namespace {

using testing::make_verdict;

TEST(RollbackPolicyTest, FailRollsBackOnDeploymentEvents) {
  auto failed = make_verdict(1);
  for (EventKind event : {EventKind::deployment_status, EventKind::workflow_dispatch,
                          EventKind::push_default_branch, EventKind::local}) {
    EXPECT_TRUE(should_rollback(failed, RollbackOn::fail, event)) << event_kind_name(event);
  }
}

TEST(RollbackPolicyTest, PullRequestsNeverRollBack) {
  auto failed = make_verdict(3);
  EXPECT_FALSE(should_rollback(failed, RollbackOn::fail, EventKind::pull_request));
  EXPECT_FALSE(should_rollback(failed, RollbackOn::warn, EventKind::pull_request,
                               EventScope::any_except_pull_requests));
  EXPECT_EQ(decide_rollback(failed, RollbackOn::fail, EventKind::pull_request).reason,
            "pull requests never roll back");
}

TEST(RollbackPolicyTest, OtherEventsRollBackOnlyWhenScopeAllows) {
  auto failed = make_verdict(1);
  for (EventKind event : {EventKind::push_other, EventKind::schedule, EventKind::other}) {
    EXPECT_FALSE(should_rollback(failed, RollbackOn::fail, event));
    EXPECT_TRUE(
        should_rollback(failed, RollbackOn::fail, event, EventScope::any_except_pull_requests));
  }
}

TEST(RollbackPolicyTest, WarnRollsBackOnlyWhenConfigured) {
  auto warned = make_verdict(0, 1, 1);
  ASSERT_EQ(warned.verdict, stats::Status::warn);
  EXPECT_FALSE(should_rollback(warned, RollbackOn::fail, EventKind::deployment_status));
  EXPECT_TRUE(should_rollback(warned, RollbackOn::warn, EventKind::deployment_status));
}

TEST(RollbackPolicyTest, PassAndNoDataNeverRollBack) {
  auto passed = make_verdict(0, 3);
  EXPECT_FALSE(should_rollback(passed, RollbackOn::warn, EventKind::deployment_status));
  stats::Verdict empty;
  empty.finalize();
  ASSERT_EQ(empty.verdict, stats::Status::no_data);
  EXPECT_FALSE(should_rollback(empty, RollbackOn::warn, EventKind::deployment_status));
}

TEST(RollbackPolicyTest, ClassifiesGitHubEvents) {
  EXPECT_EQ(classify_event("", "", ""), EventKind::local);
  EXPECT_EQ(classify_event("deployment_status", "refs/heads/x", ""), EventKind::deployment_status);
  EXPECT_EQ(classify_event("deployment", "", ""), EventKind::deployment_status);
  EXPECT_EQ(classify_event("workflow_dispatch", "refs/heads/x", ""), EventKind::workflow_dispatch);
  EXPECT_EQ(classify_event("pull_request", "refs/pull/1/merge", "main"), EventKind::pull_request);
  EXPECT_EQ(classify_event("pull_request_target", "refs/heads/main", "main"),
            EventKind::pull_request);
  EXPECT_EQ(classify_event("push", "refs/heads/trunk", "trunk"), EventKind::push_default_branch);
  EXPECT_EQ(classify_event("push", "refs/heads/main", "trunk"), EventKind::push_other);
  EXPECT_EQ(classify_event("push", "refs/heads/master", ""), EventKind::push_default_branch);
  EXPECT_EQ(classify_event("push", "refs/tags/v1", "main"), EventKind::push_other);
  EXPECT_EQ(classify_event("schedule", "refs/heads/main", "main"), EventKind::schedule);
  EXPECT_EQ(classify_event("release", "", ""), EventKind::other);
}

TEST(RollbackPolicyTest, ParsesRollbackOn) {
  EXPECT_EQ(parse_rollback_on("fail"), RollbackOn::fail);
  EXPECT_EQ(parse_rollback_on("warn"), RollbackOn::warn);
  EXPECT_EQ(parse_rollback_on("error"), std::nullopt);
}

}  // namespace
}  // namespace perfgate::webhook
