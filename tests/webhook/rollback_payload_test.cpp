// SPDX-License-Identifier: MIT
#include "perfgate/webhook/rollback_payload.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "webhook/webhook_test_verdicts.h"

namespace perfgate::webhook {
namespace {

using nlohmann::json;
using testing::make_verdict;

const auto k_now = std::chrono::system_clock::from_time_t(1614265330);

RollbackContext production() {
  RollbackContext context;
  context.repository = "octo/shop";
  context.environment = "production";
  context.deployment_id = 145988746;
  context.deployment_url = "https://api.github.com/repos/octo/shop/deployments/145988746";
  context.sha = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
  context.ref = "refs/heads/main";
  context.run_url = "https://github.com/octo/shop/actions/runs/42";
  return context;
}

TEST(RollbackPayloadTest, HasStandardWebhooksShapeAndAllFields) {
  json payload = json::parse(build_rollback_payload(make_verdict(2, 3), production(), k_now));
  EXPECT_EQ(payload["type"], "perf-gate.rollback");
  EXPECT_EQ(payload["timestamp"], "2021-02-25T15:02:10Z");
  const json& data = payload["data"];
  EXPECT_EQ(data["repository"], "octo/shop");
  EXPECT_EQ(data["environment"], "production");
  EXPECT_EQ(data["deployment_id"], 145988746);
  EXPECT_EQ(data["sha"], "f95f852bd8fca8fcc58a9a2d6c842781e32a215e");
  EXPECT_EQ(data["ref"], "refs/heads/main");
  EXPECT_EQ(data["run_url"], "https://github.com/octo/shop/actions/runs/42");
  EXPECT_TRUE(data["report_url"].is_null());
  EXPECT_EQ(data["verdict"], "fail");
  EXPECT_EQ(data["scenario"], "checkout");
  EXPECT_EQ(data["summary"]["failed"], 2);
  EXPECT_EQ(data["summary"]["passed"], 3);
  ASSERT_EQ(data["failed_checks"].size(), 2u);
  EXPECT_EQ(data["failed_checks"][0]["status"], "fail");
  EXPECT_EQ(data["failed_checks"][0]["metric"], "p95_ms");
  EXPECT_NE(data["failed_checks"][0]["explanation"].get<std::string>().find("+38%"),
            std::string::npos);
  EXPECT_EQ(data["failed_checks_total"], 2);
  EXPECT_EQ(data["failed_checks_truncated"], false);
  EXPECT_FALSE(data["headline"].get<std::string>().empty());
}

TEST(RollbackPayloadTest, ListsFailuresBeforeWarnings) {
  json payload = json::parse(build_rollback_payload(make_verdict(1, 2, 2), production(), k_now));
  const json& checks = payload["data"]["failed_checks"];
  ASSERT_EQ(checks.size(), 3u);
  EXPECT_EQ(checks[0]["status"], "fail");
  EXPECT_EQ(checks[1]["status"], "warn");
}

TEST(RollbackPayloadTest, TruncatesChecksToStayUnderTheBound) {
  auto verdict = make_verdict(500);
  verdict.checks[0].explanation = std::string(100'000, 'x');  // one huge explanation
  std::string text = build_rollback_payload(verdict, production(), k_now);
  EXPECT_LE(text.size(), k_max_payload_bytes);
  json payload = json::parse(text);
  EXPECT_EQ(payload["data"]["failed_checks_truncated"], true);
  EXPECT_EQ(payload["data"]["failed_checks_total"], 500);
  EXPECT_GT(payload["data"]["failed_checks"].size(), 10u);
  EXPECT_LT(payload["data"]["failed_checks"].size(), 500u);
  EXPECT_LE(payload["data"]["failed_checks"][0]["explanation"].get<std::string>().size(), 400u);
}

TEST(RollbackPayloadTest, SmallerBoundsAreHonouredToo) {
  std::string text = build_rollback_payload(make_verdict(500), production(), k_now, 4096);
  EXPECT_LE(text.size(), 4096u);
  EXPECT_EQ(json::parse(text)["data"]["failed_checks_truncated"], true);
}

TEST(RollbackPayloadTest, InvalidUtf8IsReplacedNotPassedOn) {
  auto verdict = make_verdict(1);
  verdict.checks[0].explanation = "bad \xff\xfe bytes";
  std::string text = build_rollback_payload(verdict, production(), k_now);
  json payload = json::parse(text);  // would throw on invalid UTF-8
  EXPECT_NE(payload["data"]["failed_checks"][0]["explanation"].get<std::string>().find("bytes"),
            std::string::npos);
}

TEST(RollbackPayloadTest, UnknownValuesAreNull) {
  json payload = json::parse(build_rollback_payload(make_verdict(1), RollbackContext{}, k_now));
  EXPECT_TRUE(payload["data"]["deployment_id"].is_null());
  EXPECT_TRUE(payload["data"]["repository"].is_null());
  EXPECT_TRUE(payload["data"]["environment"].is_null());
}

}  // namespace
}  // namespace perfgate::webhook
