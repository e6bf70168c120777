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
  EXPECT_EQ(failed_check_mask(Checks{}, response(500)), 0u);
  EXPECT_TRUE(check_names(Checks{}).empty());
}

TEST(ChecksTest, StatusMatches) {
  Checks checks;
  checks.status = {200};
  EXPECT_EQ(check_names(checks), std::vector<std::string>{"status is 200"});
  EXPECT_EQ(failed_check_mask(checks, response(200)), 0u);
  EXPECT_EQ(failed_check_mask(checks, response(302)), 1u);
}

TEST(ChecksTest, StatusList) {
  Checks checks;
  checks.status = {200, 201};
  EXPECT_EQ(check_names(checks), std::vector<std::string>{"status in 200, 201"});
  EXPECT_EQ(failed_check_mask(checks, response(201)), 0u);
  EXPECT_EQ(failed_check_mask(checks, response(204)), 1u);
}

TEST(ChecksTest, BodyContainsAll) {
  Checks checks;
  checks.body_contains = {"ok", "id"};
  EXPECT_EQ(check_names(checks),
            (std::vector<std::string>{"body contains \"ok\"", "body contains \"id\""}));
  EXPECT_EQ(failed_check_mask(checks, response(200, "{\"id\":1,\"ok\":true}")), 0u);
  EXPECT_EQ(failed_check_mask(checks, response(200, "{\"ok\":true}")), 0b10u);
}

TEST(ChecksTest, BodyExcludes) {
  Checks checks;
  checks.body_excludes = {"error"};
  EXPECT_EQ(check_names(checks), std::vector<std::string>{"body excludes \"error\""});
  EXPECT_EQ(failed_check_mask(checks, response(200, "fine")), 0u);
  EXPECT_EQ(failed_check_mask(checks, response(200, "an error")), 1u);
}

TEST(ChecksTest, MaxLatency) {
  Checks checks;
  checks.max_latency = 500ms;
  EXPECT_EQ(check_names(checks), std::vector<std::string>{"latency ≤ 500ms"});
  EXPECT_EQ(failed_check_mask(checks, response(200, "", 500ms)), 0u);
  EXPECT_EQ(failed_check_mask(checks, response(200, "", 612300us)), 1u);
}

// k6's semantics: every check is evaluated on every response, a failed status does not hide
// a failing body check; bits follow check_names' order.
TEST(ChecksTest, EveryCheckIsEvaluatedInNameOrder) {
  Checks checks;
  checks.status = {200};
  checks.body_contains = {"x"};
  checks.body_excludes = {"y"};
  checks.max_latency = 1ms;
  EXPECT_EQ(check_names(checks).size(), 4u);
  EXPECT_EQ(failed_check_mask(checks, response(404, "y", 2ms)), 0b1111u);
  EXPECT_EQ(failed_check_mask(checks, response(404, "x")), 0b0001u);
  EXPECT_EQ(all_checks_mask(4), 0b1111u);
  EXPECT_EQ(all_checks_mask(64), ~uint64_t{0});
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
  EXPECT_EQ(failed_check_mask(checks, response(404)), 0u);
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
