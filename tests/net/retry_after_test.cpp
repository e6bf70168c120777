// SPDX-License-Identifier: MIT
#include "perfgate/net/retry_after.h"

#include <gtest/gtest.h>

namespace perfgate::net {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// 1994-11-06T08:49:37Z, RFC 9110's example date.
const auto k_example = std::chrono::system_clock::from_time_t(784111777);

TEST(RetryAfterTest, ReadsDelaySeconds) {
  EXPECT_EQ(parse_retry_after("120", k_example), milliseconds{120'000});
  EXPECT_EQ(parse_retry_after(" 0 ", k_example), milliseconds{0});
}

TEST(RetryAfterTest, ReadsAllThreeHttpDateForms) {
  auto now = k_example - seconds{30};
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now), milliseconds{30'000});
  EXPECT_EQ(parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now), milliseconds{30'000});
  EXPECT_EQ(parse_retry_after("Sun Nov  6 08:49:37 1994", now), milliseconds{30'000});
}

TEST(RetryAfterTest, DateInThePastMeansNow) {
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", k_example + seconds{60}),
            milliseconds{0});
}

TEST(RetryAfterTest, RejectsGarbageAndNegatives) {
  EXPECT_EQ(parse_retry_after("", k_example), std::nullopt);
  EXPECT_EQ(parse_retry_after("soon", k_example), std::nullopt);
  EXPECT_EQ(parse_retry_after("-5", k_example), std::nullopt);
}

TEST(RetryAfterTest, ClampsHugeDelaysToOneDay) {
  EXPECT_EQ(parse_retry_after("99999999999999999999999", k_example), seconds{86400});
}

}  // namespace
}  // namespace perfgate::net
