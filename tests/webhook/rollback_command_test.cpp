// SPDX-License-Identifier: MIT
// The real `perf-gate rollback` binary against a loopback receiver.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/webhook_process.h"
#include "support/webhook_receiver.h"
#include "webhook/webhook_verdict_files.h"

namespace perfgate::webhook {
namespace {

constexpr const char* k_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

class RollbackCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::write_verdict(m_dir, "verdict.json",
                           testing::verdict_for("checkout", "stress", "2026-02-01T00:00:00Z",
                                                stats::Status::fail, 900));
  }

  test::ProcessResult rollback(std::vector<std::string> extra, test::EnvList env = {},
                               const std::string& event = "deployment_status") {
    std::vector<std::string> argv = {test::perf_gate_binary().string(),
                                     "rollback",
                                     "--verdict",
                                     m_dir.file("verdict.json"),
                                     "--event",
                                     event,
                                     "--max-time",
                                     "20s"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    env.insert(env.begin(), {"GITHUB_ACTIONS", ""});  // the test may say otherwise
    return test::run_process(argv, env);
  }

  static test::ReceiverConfig receiving(int fail_first = 0, int fail_status = 503) {
    test::ReceiverConfig config;
    config.secret = k_secret;
    config.fail_first = fail_first;
    config.fail_status = fail_status;
    return config;
  }

  test::TempDir m_dir;
};

TEST_F(RollbackCommandTest, DeliversSignedRollbackAndPrintsAttempts) {
  test::WebhookReceiver receiver(receiving(1));
  auto result = rollback({"--url", receiver.url(), "--secret", k_secret});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  auto deliveries = receiver.deliveries();
  ASSERT_EQ(deliveries.size(), 2u);
  EXPECT_TRUE(deliveries[1].standard_signature_ok && deliveries[1].github_signature_ok);
  EXPECT_EQ(*deliveries[0].request.header("webhook-id"),
            *deliveries[1].request.header("webhook-id"));
  EXPECT_NE(result.err.find("attempt 1: HTTP 503"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("attempt 2: HTTP 204"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("delivered to http://127.0.0.1:"), std::string::npos);
  EXPECT_EQ(result.err.find(k_secret), std::string::npos);  // the secret is never printed
  auto payload = nlohmann::json::parse(deliveries[1].request.body);
  EXPECT_EQ(payload["data"]["verdict"], "fail");
}

TEST_F(RollbackCommandTest, SecretFromTheEnvironment) {
  test::WebhookReceiver receiver(receiving());
  auto result = rollback({"--url", receiver.url()}, {{"PERFGATE_ROLLBACK_SECRET", k_secret}});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  ASSERT_EQ(receiver.deliveries().size(), 1u);
  EXPECT_TRUE(receiver.deliveries()[0].standard_signature_ok);
}

TEST_F(RollbackCommandTest, DryRunPrintsThePayloadAndSendsNothing) {
  test::WebhookReceiver receiver(receiving());
  auto result = rollback({"--url", receiver.url(), "--secret", k_secret, "--dry-run"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(receiver.deliveries().empty());
  EXPECT_EQ(nlohmann::json::parse(result.out)["type"], "perf-gate.rollback");
}

TEST_F(RollbackCommandTest, DeliveryFailureFailsOnlyWhenAsked) {
  test::WebhookReceiver receiver(receiving(10, 400));
  auto lenient = rollback({"--url", receiver.url(), "--secret", k_secret});
  EXPECT_EQ(lenient.exit_code, 0) << lenient.err;
  EXPECT_NE(lenient.err.find("rollback webhook failed: HTTP 400"), std::string::npos);
  auto strict = rollback({"--url", receiver.url(), "--secret", k_secret, "--fail-on-error"},
                         {{"GITHUB_ACTIONS", "true"}});
  EXPECT_EQ(strict.exit_code, 3) << strict.err;
  EXPECT_NE(strict.out.find("::error title=perf-gate rollback::"), std::string::npos);
  EXPECT_EQ(receiver.deliveries().size(), 2u);  // one each: a 400 is not retried
}

TEST_F(RollbackCommandTest, PullRequestSendsNothing) {
  test::WebhookReceiver receiver(receiving());
  auto result =
      rollback({"--url", receiver.url(), "--secret", k_secret}, test::EnvList{}, "pull_request");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(receiver.deliveries().empty());
  EXPECT_NE(result.err.find("pull requests never roll back"), std::string::npos);
}

// docs/deployment-guardrails.md: pull requests never roll back, whatever the flags.
TEST_F(RollbackCommandTest, EventFlagCannotTurnAPullRequestJobIntoADeployment) {
  test::WebhookReceiver receiver(receiving());
  auto result = rollback({"--url", receiver.url(), "--secret", k_secret},
                         {{"GITHUB_EVENT_NAME", "pull_request"}}, "deployment_status");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(receiver.deliveries().empty());
  EXPECT_NE(result.err.find("pull requests never roll back"), std::string::npos) << result.err;
}

TEST_F(RollbackCommandTest, BadInputExitsTwo) {
  auto missing = test::run_process({test::perf_gate_binary().string(), "rollback", "--verdict",
                                    m_dir.file("missing.json"), "--url", "http://127.0.0.1:9/"});
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  EXPECT_EQ(rollback({"--url", "http://127.0.0.1:9/", "--rollback-on", "always"}).exit_code, 2);
  EXPECT_EQ(rollback({"--url", "ftp://127.0.0.1/"}).exit_code, 2);
  EXPECT_EQ(rollback({"--url", "http://127.0.0.1:9/", "--secret", "whsec_***"}).exit_code, 2);
  EXPECT_EQ(rollback({}).exit_code, 2);  // neither --url nor --slack-url
  EXPECT_EQ(rollback({"--url", "http://127.0.0.1:9/", "--timeout", "soon"}).exit_code, 2);
}

TEST_F(RollbackCommandTest, SlackGetsTheSameEvent) {
  test::WebhookReceiver receiver(receiving());
  test::ReceiverConfig slack_config;
  slack_config.final_status = 200;
  test::WebhookReceiver slack(slack_config);
  auto result = rollback({"--url", receiver.url(), "--secret", k_secret, "--slack-url",
                          slack.url("/services/T0/B0/secretpart")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  ASSERT_EQ(slack.deliveries().size(), 1u);
  auto message = nlohmann::json::parse(slack.deliveries()[0].request.body);
  EXPECT_TRUE(message["text"].is_string());
  EXPECT_NE(message.dump().find("Rollback requested: delivered"), std::string::npos);
  EXPECT_EQ(result.err.find("secretpart"), std::string::npos);
}

}  // namespace
}  // namespace perfgate::webhook
