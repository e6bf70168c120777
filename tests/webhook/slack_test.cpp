// SPDX-License-Identifier: MIT
#include "perfgate/webhook/slack.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/webhook_receiver.h"
#include "webhook/webhook_test_verdicts.h"

namespace perfgate::webhook {
namespace {

using nlohmann::json;
using testing::make_verdict;

RollbackContext context_with_links() {
  RollbackContext context;
  context.repository = "octo/shop";
  context.sha = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
  context.run_url = "https://github.com/octo/shop/actions/runs/42";
  context.report_url = "https://octo.github.io/shop/report.html";
  context.environment = "production";
  return context;
}

std::string all_text(const json& payload) {
  return payload.dump();
}

TEST(SlackTest, HasTextAndBlocksWithLinks) {
  json payload = json::parse(build_slack_payload(make_verdict(2), context_with_links(), ""));
  ASSERT_TRUE(payload["text"].is_string());
  EXPECT_FALSE(payload["text"].get<std::string>().empty());
  ASSERT_TRUE(payload["blocks"].is_array());
  EXPECT_EQ(payload["blocks"][0]["type"], "section");
  std::string text = all_text(payload);
  EXPECT_NE(text.find("<https://github.com/octo/shop/actions/runs/42|Workflow run>"),
            std::string::npos);
  EXPECT_NE(text.find("<https://octo.github.io/shop/report.html|Report>"), std::string::npos);
  EXPECT_NE(text.find("octo/shop@f95f852"), std::string::npos);
}

TEST(SlackTest, ListsAtMostFiveChecksAndCountsTheRest) {
  json payload = json::parse(build_slack_payload(make_verdict(8), context_with_links(), ""));
  std::string checks = payload["blocks"][1]["text"]["text"];
  EXPECT_EQ(std::count(checks.begin(), checks.end(), '\n'), 5);
  EXPECT_NE(checks.find("and 3 more"), std::string::npos);
}

TEST(SlackTest, EscapesMrkdwnControlCharacters) {
  auto verdict = make_verdict(1);
  verdict.checks[0].explanation = "<https://evil.example|click> & more";
  json payload = json::parse(build_slack_payload(verdict, {}, ""));
  std::string text = all_text(payload);
  EXPECT_EQ(text.find("<https://evil"), std::string::npos);
  EXPECT_NE(text.find("&lt;https://evil.example|click&gt; &amp; more"), std::string::npos);
}

TEST(SlackTest, CarriesTheRollbackNote) {
  json payload = json::parse(
      build_slack_payload(make_verdict(1), {}, "Rollback requested: delivered (msg_1)"));
  EXPECT_NE(all_text(payload).find("Rollback requested: delivered (msg_1)"), std::string::npos);
}

TEST(SlackTest, PostsToTheWebhookOnLoopback) {
  test::ReceiverConfig config;
  config.final_status = 200;  // Slack answers 200 "ok"
  test::WebhookReceiver receiver(config);
  auto client = net::make_curl_http_client();
  std::string payload = build_slack_payload(make_verdict(1), context_with_links(), "");
  auto result = send_slack(*client, receiver.url("/services/T0/B0/x"), payload);
  EXPECT_TRUE(result.delivered) << result.error;
  ASSERT_EQ(receiver.deliveries().size(), 0u + 1u);
  EXPECT_EQ(receiver.deliveries()[0].request.body, payload);
  EXPECT_EQ(receiver.deliveries()[0].request.target, "/services/T0/B0/x");
}

}  // namespace
}  // namespace perfgate::webhook
