// SPDX-License-Identifier: MIT
// send_with_retries through the real client against a loopback server; a recording sleeper
// stands in for the waits so that no test sleeps for real.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>

#include "perfgate/net/http_client.h"
#include "support/webhook_http_server.h"

namespace perfgate::net {
namespace {

using std::chrono::milliseconds;
using test::ReceivedRequest;
using test::ServerResponse;
using test::WebhookHttpServer;

struct RecordingSleeper {
  std::vector<milliseconds> waits;
  Sleeper sleeper() {
    return [this](milliseconds wait) { waits.push_back(wait); };
  }
};

// Fails the first `failures` requests with `status` (and the given headers), then 200.
test::ServerHandler failing_first(int failures, int status, test::HeaderList headers = {}) {
  auto count = std::make_shared<std::atomic<int>>(0);
  return [=](const ReceivedRequest&) {
    if ((*count)++ < failures) return ServerResponse{status, headers, "no", {}, false};
    return ServerResponse{200, {}, "yes", {}, false};
  };
}

RetryPolicy quick_policy() {
  RetryPolicy policy;
  policy.max_attempts = 5;
  policy.initial_backoff = milliseconds{100};
  policy.max_backoff = milliseconds{1000};
  policy.jitter = 0;
  return policy;
}

HttpRequest post(const WebhookHttpServer& server) {
  return {"POST", server.url("/hook"), {}, "{}", milliseconds{5000}, false};
}

TEST(RetryTest, RetriesServerErrorsThenSucceeds) {
  WebhookHttpServer server(failing_first(2, 503));
  auto client = make_curl_http_client();
  RecordingSleeper sleeper;
  auto result = send_with_retries(*client, post(server), quick_policy(), default_retry_decision,
                                  sleeper.sleeper());
  ASSERT_TRUE(result.final_outcome.ok());
  EXPECT_EQ(result.final_outcome->status, 200);
  ASSERT_EQ(result.attempts.size(), 3u);
  EXPECT_EQ(result.attempts[0].status, 503);
  EXPECT_EQ(result.attempts[2].status, 200);
  EXPECT_EQ(server.request_count(), 3u);
  // Exponential: 100 ms, then 200 ms (no jitter in this policy).
  EXPECT_EQ(sleeper.waits, (std::vector<milliseconds>{milliseconds{100}, milliseconds{200}}));
  EXPECT_EQ(result.attempts[0].wait_before_next, milliseconds{100});
}

TEST(RetryTest, HonoursRetryAfterSeconds) {
  WebhookHttpServer server(failing_first(1, 429, {{"Retry-After", "7"}}));
  auto client = make_curl_http_client();
  RecordingSleeper sleeper;
  RetryPolicy policy = quick_policy();
  policy.max_total = milliseconds{60'000};
  auto result =
      send_with_retries(*client, post(server), policy, default_retry_decision, sleeper.sleeper());
  ASSERT_TRUE(result.final_outcome.ok());
  EXPECT_EQ(result.final_outcome->status, 200);
  EXPECT_EQ(sleeper.waits, std::vector<milliseconds>{milliseconds{7000}});
}

TEST(RetryTest, HonoursRetryAfterHttpDate) {
  // A date a minute ahead of the wall clock, written as IMF-fixdate.
  std::time_t later = std::time(nullptr) + 60;
  char date[64];
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", std::gmtime(&later));
  WebhookHttpServer server(failing_first(1, 503, {{"Retry-After", date}}));
  RecordingSleeper sleeper;
  RetryPolicy policy = quick_policy();
  policy.max_total = milliseconds{600'000};
  auto client = make_curl_http_client();
  auto result =
      send_with_retries(*client, post(server), policy, default_retry_decision, sleeper.sleeper());
  ASSERT_EQ(sleeper.waits.size(), 1u);
  EXPECT_GT(sleeper.waits[0], milliseconds{50'000});
  EXPECT_LE(sleeper.waits[0], milliseconds{60'000});
  EXPECT_EQ(result.final_outcome->status, 200);
}

TEST(RetryTest, DoesNotRetryOtherClientErrors) {
  WebhookHttpServer server(failing_first(5, 400));
  auto client = make_curl_http_client();
  RecordingSleeper sleeper;
  auto result = send_with_retries(*client, post(server), quick_policy(), default_retry_decision,
                                  sleeper.sleeper());
  ASSERT_TRUE(result.final_outcome.ok());
  EXPECT_EQ(result.final_outcome->status, 400);
  EXPECT_EQ(result.attempts.size(), 1u);
  EXPECT_EQ(server.request_count(), 1u);
  EXPECT_TRUE(sleeper.waits.empty());
}

TEST(RetryTest, StopsAfterMaxAttempts) {
  WebhookHttpServer server(failing_first(100, 500));
  auto client = make_curl_http_client();
  RecordingSleeper sleeper;
  RetryPolicy policy = quick_policy();
  policy.max_attempts = 3;
  auto result =
      send_with_retries(*client, post(server), policy, default_retry_decision, sleeper.sleeper());
  EXPECT_EQ(result.attempts.size(), 3u);
  EXPECT_EQ(server.request_count(), 3u);
  EXPECT_EQ(sleeper.waits.size(), 2u);
  EXPECT_EQ(result.final_outcome->status, 500);
}

TEST(RetryTest, RetriesNetworkErrorsAndEndsWithinTotalBound) {
  std::string url = fmt::format("http://127.0.0.1:{}/", test::webhook_closed_port());
  auto client = make_curl_http_client();
  RecordingSleeper sleeper;
  RetryPolicy policy = quick_policy();
  policy.max_attempts = 100;
  policy.max_total = milliseconds{1000};  // waits 100+200+400 fit; the next 800 would not
  auto result = send_with_retries(*client, {"POST", url, {}, "{}", milliseconds{500}}, policy,
                                  default_retry_decision, sleeper.sleeper());
  ASSERT_FALSE(result.final_outcome.ok());
  EXPECT_EQ(result.attempts.size(), 4u);
  EXPECT_EQ(result.attempts[0].status, 0);
  EXPECT_FALSE(result.attempts[0].error.empty());
  milliseconds total{0};
  for (auto wait : sleeper.waits) total += wait;
  EXPECT_LT(total, policy.max_total);
}

TEST(RetryTest, RetryAfterBeyondTheBoundStopsAtOnce) {
  WebhookHttpServer server(failing_first(1, 503, {{"Retry-After", "3600"}}));
  auto client = make_curl_http_client();
  RecordingSleeper sleeper;
  auto result = send_with_retries(*client, post(server), quick_policy(), default_retry_decision,
                                  sleeper.sleeper());
  EXPECT_EQ(result.attempts.size(), 1u);
  EXPECT_TRUE(sleeper.waits.empty());
  EXPECT_EQ(result.final_outcome->status, 503);
}

TEST(RetryTest, JitterStaysWithinItsFraction) {
  WebhookHttpServer server(failing_first(4, 502));
  auto client = make_curl_http_client();
  RecordingSleeper sleeper;
  RetryPolicy policy = quick_policy();
  policy.jitter = 0.5;
  policy.max_backoff = milliseconds{100'000};
  (void)send_with_retries(*client, post(server), policy, default_retry_decision, sleeper.sleeper());
  ASSERT_EQ(sleeper.waits.size(), 4u);
  long long base = 100;
  for (auto wait : sleeper.waits) {
    EXPECT_GE(wait.count(), base / 2);
    EXPECT_LE(wait.count(), base * 3 / 2);
    base *= 2;
  }
}

TEST(RetryTest, DefaultDecisionClassifiesOutcomes) {
  auto response = [](int status) { return Result<HttpResponse>(HttpResponse{status, {}, {}}); };
  EXPECT_TRUE(default_retry_decision(response(429)).retry);
  EXPECT_TRUE(default_retry_decision(response(500)).retry);
  EXPECT_TRUE(default_retry_decision(response(503)).retry);
  EXPECT_FALSE(default_retry_decision(response(200)).retry);
  EXPECT_FALSE(default_retry_decision(response(302)).retry);
  EXPECT_FALSE(default_retry_decision(response(400)).retry);
  EXPECT_FALSE(default_retry_decision(response(404)).retry);
  EXPECT_TRUE(default_retry_decision(Result<HttpResponse>(Error::runtime("refused"))).retry);
  EXPECT_FALSE(default_retry_decision(Result<HttpResponse>(Error::bad_input("bad url"))).retry);
}

}  // namespace
}  // namespace perfgate::net
