// SPDX-License-Identifier: MIT
// send_rollback end to end: the real libcurl client, real sockets, a receiver on loopback that
// verifies both signatures. A recording sleeper replaces the waits between attempts.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "perfgate/webhook/rollback.h"
#include "support/webhook_http_server.h"
#include "support/webhook_receiver.h"
#include "webhook/webhook_test_verdicts.h"

namespace perfgate::webhook {
namespace {

using std::chrono::milliseconds;
using test::ReceiverConfig;
using test::WebhookReceiver;
using testing::make_verdict;

constexpr const char* k_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

ReceiverConfig receiving(std::string secret, int fail_first = 0, int fail_status = 503,
                         std::string retry_after = "") {
  ReceiverConfig config;
  config.secret = std::move(secret);
  config.fail_first = fail_first;
  config.fail_status = fail_status;
  config.retry_after = std::move(retry_after);
  return config;
}

struct Waits {
  std::vector<milliseconds> list;
  net::Sleeper sleeper() {
    return [this](milliseconds wait) { list.push_back(wait); };
  }
};

// A wall clock set in the past, to produce stale timestamps.
class PastClock final : public util::Clock {
 public:
  explicit PastClock(std::chrono::seconds ago) : m_ago(ago) {}
  util::Nanos now() const override { return util::steady_clock().now(); }
  std::chrono::system_clock::time_point wall_now() const override {
    return std::chrono::system_clock::now() - m_ago;
  }

 private:
  std::chrono::seconds m_ago;
};

RollbackOptions options_for(const std::string& url, const std::string& secret = k_secret) {
  RollbackOptions options;
  options.url = url;
  options.secret = secret;
  options.attempt_timeout = milliseconds{5000};
  options.retry.jitter = 0;
  return options;
}

RollbackContext deployment() {
  RollbackContext context;
  context.repository = "octo/shop";
  context.event_name = "deployment_status";
  return context;
}

TEST(RollbackDeliveryTest, DeliversSignedPayloadOnce) {
  WebhookReceiver receiver(receiving(k_secret));
  auto client = net::make_curl_http_client();
  Waits waits;
  auto outcome = send_rollback(*client, make_verdict(1), deployment(), options_for(receiver.url()),
                               waits.sleeper());
  ASSERT_TRUE(outcome.ok()) << outcome.error().message;
  EXPECT_EQ(outcome->state, RollbackOutcome::State::delivered);
  auto deliveries = receiver.deliveries();
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_TRUE(deliveries[0].standard_signature_ok);
  EXPECT_TRUE(deliveries[0].github_signature_ok);
  EXPECT_EQ(*deliveries[0].request.header("webhook-id"), outcome->webhook_id);
  EXPECT_EQ(deliveries[0].request.body, outcome->payload);
  EXPECT_EQ(*deliveries[0].request.header("content-type"), "application/json");
  EXPECT_EQ(nlohmann::json::parse(deliveries[0].request.body)["type"], "perf-gate.rollback");
  EXPECT_TRUE(waits.list.empty());
}

TEST(RollbackDeliveryTest, RawSecretSignsBothConventions) {
  WebhookReceiver receiver(receiving("It's a Secret to Everybody"));
  auto client = net::make_curl_http_client();
  auto outcome = send_rollback(*client, make_verdict(1), deployment(),
                               options_for(receiver.url(), "It's a Secret to Everybody"));
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->state, RollbackOutcome::State::delivered);
  EXPECT_TRUE(receiver.deliveries().at(0).standard_signature_ok);
  EXPECT_TRUE(receiver.deliveries().at(0).github_signature_ok);
}

TEST(RollbackDeliveryTest, RetriesUnavailableWithTheSameIdThenSucceeds) {
  WebhookReceiver receiver(receiving(k_secret, 2, 503));
  auto client = net::make_curl_http_client();
  Waits waits;
  auto outcome = send_rollback(*client, make_verdict(1), deployment(), options_for(receiver.url()),
                               waits.sleeper());
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->state, RollbackOutcome::State::delivered);
  auto deliveries = receiver.deliveries();
  ASSERT_EQ(deliveries.size(), 3u);
  for (const auto& delivery : deliveries) {
    EXPECT_EQ(*delivery.request.header("webhook-id"), outcome->webhook_id);
    EXPECT_TRUE(delivery.standard_signature_ok && delivery.github_signature_ok);
  }
  ASSERT_EQ(outcome->delivery.attempts.size(), 3u);
  EXPECT_EQ(outcome->delivery.attempts[0].status, 503);
  EXPECT_EQ(outcome->delivery.attempts[2].status, 204);
  EXPECT_EQ(waits.list, (std::vector<milliseconds>{milliseconds{1000}, milliseconds{2000}}));
}

TEST(RollbackDeliveryTest, HonoursRetryAfterOn429) {
  WebhookReceiver receiver(receiving(k_secret, 1, 429, "3"));
  auto client = net::make_curl_http_client();
  Waits waits;
  auto outcome = send_rollback(*client, make_verdict(1), deployment(), options_for(receiver.url()),
                               waits.sleeper());
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->state, RollbackOutcome::State::delivered);
  EXPECT_EQ(waits.list, std::vector<milliseconds>{milliseconds{3000}});
  EXPECT_EQ(receiver.deliveries().size(), 2u);
}

TEST(RollbackDeliveryTest, BadRequestIsNotRetried) {
  WebhookReceiver receiver(receiving(k_secret, 5, 400));
  auto client = net::make_curl_http_client();
  Waits waits;
  auto outcome = send_rollback(*client, make_verdict(1), deployment(), options_for(receiver.url()),
                               waits.sleeper());
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->state, RollbackOutcome::State::failed);
  EXPECT_EQ(outcome->delivery.final_status, 400);
  EXPECT_EQ(receiver.deliveries().size(), 1u);
  EXPECT_TRUE(waits.list.empty());
}

TEST(RollbackDeliveryTest, WrongSecretIsRejectedByTheReceiver) {
  WebhookReceiver receiver(receiving(k_secret));
  auto client = net::make_curl_http_client();
  auto outcome = send_rollback(*client, make_verdict(1), deployment(),
                               options_for(receiver.url(), "whsec_b3RoZXJrZXlvdGhlcmtleQ=="));
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->state, RollbackOutcome::State::failed);
  EXPECT_FALSE(receiver.deliveries().at(0).standard_signature_ok);
  EXPECT_FALSE(receiver.deliveries().at(0).github_signature_ok);
}

TEST(RollbackDeliveryTest, StaleTimestampIsRejected) {
  WebhookReceiver receiver(receiving(k_secret));
  auto client = net::make_curl_http_client();
  PastClock ten_minutes_ago(std::chrono::seconds{600});
  Waits waits;
  auto outcome = send_rollback(*client, make_verdict(1), deployment(), options_for(receiver.url()),
                               waits.sleeper(), ten_minutes_ago);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->state, RollbackOutcome::State::failed);
  ASSERT_EQ(receiver.deliveries().size(), 1u);
  EXPECT_EQ(receiver.deliveries()[0].status, 400);
  // The signature itself was right: only the timestamp was stale.
  EXPECT_TRUE(receiver.deliveries()[0].standard_signature_ok);
}

TEST(RollbackDeliveryTest, DeadReceiverEndsWithinTheBound) {
  std::string url = fmt::format("http://127.0.0.1:{}/hook", test::webhook_closed_port());
  auto client = net::make_curl_http_client();
  Waits waits;
  RollbackOptions options = options_for(url);
  options.retry.max_attempts = 50;
  options.retry.max_total = milliseconds{10'000};
  auto outcome = send_rollback(*client, make_verdict(1), deployment(), options, waits.sleeper());
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->state, RollbackOutcome::State::failed);
  // Waits 1+2+4 s fit in 10 s; the next 8 s would not: four attempts, then it stops.
  EXPECT_EQ(outcome->delivery.attempts.size(), 4u);
  EXPECT_EQ(outcome->delivery.final_status, 0);
  EXPECT_FALSE(outcome->delivery.error.empty());
  EXPECT_EQ(outcome->delivery.error.find("hook"), std::string::npos);  // no path in errors
}

TEST(RollbackDeliveryTest, RedirectIsNotFollowed) {
  WebhookReceiver receiver(receiving(k_secret));
  test::WebhookHttpServer redirector([&](const test::ReceivedRequest&) {
    return test::ServerResponse{307, {{"Location", receiver.url()}}, {}, {}, false};
  });
  auto client = net::make_curl_http_client();
  Waits waits;
  auto outcome = send_rollback(*client, make_verdict(1), deployment(),
                               options_for(redirector.url()), waits.sleeper());
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->state, RollbackOutcome::State::failed);
  EXPECT_EQ(outcome->delivery.final_status, 307);
  EXPECT_NE(outcome->delivery.error.find("redirect"), std::string::npos);
  EXPECT_TRUE(receiver.deliveries().empty());
  EXPECT_EQ(redirector.request_count(), 1u);
}

TEST(RollbackDeliveryTest, DryRunSendsNothing) {
  WebhookReceiver receiver(receiving(k_secret));
  auto client = net::make_curl_http_client();
  RollbackOptions options = options_for(receiver.url());
  options.dry_run = DryRun::yes;
  auto outcome = send_rollback(*client, make_verdict(1), deployment(), options);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->state, RollbackOutcome::State::dry_run);
  EXPECT_FALSE(outcome->payload.empty());
  EXPECT_TRUE(outcome->delivery.attempts.empty());
  EXPECT_TRUE(receiver.deliveries().empty());
}

TEST(RollbackDeliveryTest, PassingVerdictOrPullRequestSendsNothing) {
  WebhookReceiver receiver(receiving(k_secret));
  auto client = net::make_curl_http_client();
  auto passed =
      send_rollback(*client, make_verdict(0, 3), deployment(), options_for(receiver.url()));
  ASSERT_TRUE(passed.ok());
  EXPECT_EQ(passed->state, RollbackOutcome::State::skipped);
  RollbackContext pr = deployment();
  pr.event_name = "pull_request";
  auto on_pr = send_rollback(*client, make_verdict(2), pr, options_for(receiver.url()));
  ASSERT_TRUE(on_pr.ok());
  EXPECT_EQ(on_pr->state, RollbackOutcome::State::skipped);
  EXPECT_EQ(on_pr->reason, "pull requests never roll back");
  EXPECT_TRUE(receiver.deliveries().empty());
}

TEST(RollbackDeliveryTest, UnsignedDeliveryStillCarriesAnId) {
  WebhookReceiver receiver(receiving(""));
  auto client = net::make_curl_http_client();
  auto outcome =
      send_rollback(*client, make_verdict(1), deployment(), options_for(receiver.url(), ""));
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->state, RollbackOutcome::State::delivered);
  auto deliveries = receiver.deliveries();  // a copy: the reference below must outlive this line
  ASSERT_EQ(deliveries.size(), 1u);
  const auto& request = deliveries[0].request;
  EXPECT_NE(request.header("webhook-id"), nullptr);
  EXPECT_EQ(request.header("webhook-signature"), nullptr);
  EXPECT_EQ(request.header("x-hub-signature-256"), nullptr);
}

TEST(RollbackDeliveryTest, BadOptionsAreBadInput) {
  auto client = net::make_curl_http_client();
  for (auto [url, secret] : {std::pair{"", k_secret}, std::pair{"ftp://127.0.0.1/", k_secret},
                             std::pair{"http://127.0.0.1:1/", "whsec_***"}}) {
    auto outcome = send_rollback(*client, make_verdict(1), deployment(), options_for(url, secret));
    ASSERT_FALSE(outcome.ok()) << url;
    EXPECT_EQ(outcome.error().kind, ErrorKind::bad_input);
  }
}

TEST(RollbackDeliveryTest, DescribesEachAttempt) {
  net::Attempt retried{2, 503, "", milliseconds{12}, milliseconds{1100}};
  EXPECT_EQ(describe_attempt(retried), "attempt 2: HTTP 503 in 12 ms, retrying in 1.1 s");
  net::Attempt failed{1, 0, "POST http://127.0.0.1:9: Couldn't connect", milliseconds{0}, {}};
  EXPECT_EQ(describe_attempt(failed),
            "attempt 1: network error: POST http://127.0.0.1:9: Couldn't connect in 0 ms");
}

}  // namespace
}  // namespace perfgate::webhook
