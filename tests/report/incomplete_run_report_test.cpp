// SPDX-License-Identifier: MIT
// A verdict on an incomplete merged run (shards missing) renders the shard count as its own
// subject, with the missing shards named.
#include <gtest/gtest.h>

#include "perfgate/report/check_text.h"
#include "perfgate/stats/verdict.h"

namespace perfgate::report {
namespace {

TEST(IncompleteRunReportTest, TheShardCheckReadsAsShardsMerged) {
  stats::Check check;
  check.kind = stats::CheckKind::threshold;
  check.metric = "shards";
  check.rule = "all 4 shards";
  check.baseline = 4;
  check.current = 3;
  check.status = stats::Status::inconclusive;
  EXPECT_EQ(check_subject(check, TextStyle::plain), "shards merged");
}

}  // namespace
}  // namespace perfgate::report
