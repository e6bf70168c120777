// SPDX-License-Identifier: MIT
#include "perfgate/scenario/checks.h"

#include <gtest/gtest.h>

namespace perfgate::scenario {
namespace {

using namespace std::chrono_literals;

ResponseView response(int status, std::string_view body = "", Micros latency = 1ms) {
  ResponseView view;
  view.status = status;
  view.body = body;
  view.latency = latency;
  return view;
}

TEST(ChecksTest, NoChecksPass) {
  EXPECT_EQ(first_failed_check(Checks{}, response(500)), std::nullopt);
}

TEST(ChecksTest, StatusMatches) {
  Checks checks;
  checks.status = {200};
  EXPECT_EQ(first_failed_check(checks, response(200)), std::nullopt);
  EXPECT_EQ(first_failed_check(checks, response(302)), "status 302, expected 200");
}

TEST(ChecksTest, StatusList) {
  Checks checks;
  checks.status = {200, 201};
  EXPECT_EQ(first_failed_check(checks, response(201)), std::nullopt);
  EXPECT_EQ(first_failed_check(checks, response(204)), "status 204, expected one of 200, 201");
}

TEST(ChecksTest, BodyContainsAll) {
  Checks checks;
  checks.body_contains = {"ok", "id"};
  EXPECT_EQ(first_failed_check(checks, response(200, "{\"id\":1,\"ok\":true}")), std::nullopt);
  EXPECT_EQ(first_failed_check(checks, response(200, "{\"ok\":true}")),
            "body does not contain \"id\"");
}

TEST(ChecksTest, BodyExcludes) {
  Checks checks;
  checks.body_excludes = {"error"};
  EXPECT_EQ(first_failed_check(checks, response(200, "fine")), std::nullopt);
  EXPECT_EQ(first_failed_check(checks, response(200, "an error")), "body contains \"error\"");
}

TEST(ChecksTest, MaxLatency) {
  Checks checks;
  checks.max_latency = 500ms;
  EXPECT_EQ(first_failed_check(checks, response(200, "", 500ms)), std::nullopt);
  EXPECT_EQ(first_failed_check(checks, response(200, "", 612300us)), "latency 612.3ms > 500ms");
}

TEST(ChecksTest, StatusIsCheckedFirst) {
  Checks checks;
  checks.status = {200};
  checks.body_contains = {"x"};
  EXPECT_EQ(first_failed_check(checks, response(404, "")), "status 404, expected 200");
}

TEST(ChecksTest, WithoutStatusCheckEveryStatusFromFourHundredIsAnHttpError) {
  Checks checks;
  EXPECT_FALSE(is_http_error(checks, 200));
  EXPECT_FALSE(is_http_error(checks, 399));
  EXPECT_TRUE(is_http_error(checks, 404));
  EXPECT_TRUE(is_http_error(checks, 503));
}

TEST(ChecksTest, AStatusTheCheckAllowsIsNotAnHttpError) {
  Checks checks;
  checks.status = {200, 404};
  EXPECT_FALSE(is_http_error(checks, 404));
  EXPECT_EQ(first_failed_check(checks, response(404)), std::nullopt);
  EXPECT_TRUE(is_http_error(checks, 500));
}

TEST(ChecksTest, EmptyMeansNoChecks) {
  Checks checks;
  EXPECT_TRUE(checks.empty());
  checks.max_latency = 1ms;
  EXPECT_FALSE(checks.empty());
}

}  // namespace
}  // namespace perfgate::scenario
