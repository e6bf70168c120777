// SPDX-License-Identifier: MIT
// Signatures against the published test vectors, and the verifiers' rejections.
#include "perfgate/webhook/signature.h"

#include <gtest/gtest.h>

namespace perfgate::webhook {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

// Standard Webhooks reference test vector: standard-webhooks/standard-webhooks,
// libraries/javascript/src/webhook.test.ts, test "sign function works".
constexpr std::string_view k_sw_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr std::string_view k_sw_id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr std::int64_t k_sw_timestamp = 1614265330;
constexpr std::string_view k_sw_payload = R"({"test": 2432232314})";
constexpr std::string_view k_sw_expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

// GitHub's documented example, "Validating webhook deliveries" (docs.github.com/en/webhooks/
// using-webhooks/validating-webhook-deliveries), section "Testing the webhook payload validation".
constexpr std::string_view k_gh_secret = "It's a Secret to Everybody";
constexpr std::string_view k_gh_payload = "Hello, World!";
constexpr std::string_view k_gh_expected =
    "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

system_clock::time_point at(std::int64_t unix_seconds) {
  return system_clock::time_point{seconds{unix_seconds}};
}

TEST(SignatureTest, StandardWebhooksMatchesPublishedVector) {
  auto key = standard_webhooks_key(k_sw_secret);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->size(), 24u);
  EXPECT_EQ(standard_webhooks_signature(*key, k_sw_id, k_sw_timestamp, k_sw_payload),
            k_sw_expected);
}

TEST(SignatureTest, GitHubMatchesPublishedVector) {
  EXPECT_EQ(github_signature(k_gh_secret, k_gh_payload), k_gh_expected);
}

TEST(SignatureTest, HeadersCarryBothConventions) {
  auto headers = signature_headers(k_sw_secret, k_sw_id, k_sw_timestamp, k_sw_payload);
  ASSERT_TRUE(headers.ok());
  ASSERT_EQ(headers->size(), 4u);
  EXPECT_EQ((*headers)[0],
            (std::pair<std::string, std::string>{"webhook-id", std::string(k_sw_id)}));
  EXPECT_EQ((*headers)[1].second, "1614265330");
  EXPECT_EQ((*headers)[2].second, k_sw_expected);
  EXPECT_EQ((*headers)[3].first, "X-Hub-Signature-256");
  EXPECT_EQ((*headers)[3].second, github_signature(k_sw_secret, k_sw_payload));
}

TEST(SignatureTest, RawSecretIsUsedAsBytes) {
  auto key = standard_webhooks_key("plain secret");
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(*key, "plain secret");
}

TEST(SignatureTest, WhsecWithBadBase64IsBadInput) {
  auto key = standard_webhooks_key("whsec_not*base64");
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error().kind, ErrorKind::bad_input);
}

TEST(SignatureTest, VerifiesPublishedVectorWithinTolerance) {
  EXPECT_TRUE(verify_standard_webhooks(k_sw_secret, k_sw_id, "1614265330", k_sw_expected,
                                       k_sw_payload, at(k_sw_timestamp + 60))
                  .ok());
  EXPECT_TRUE(verify_github_signature(k_gh_secret, k_gh_expected, k_gh_payload).ok());
}

TEST(SignatureTest, RejectsStaleAndFutureTimestamps) {
  auto old = verify_standard_webhooks(k_sw_secret, k_sw_id, "1614265330", k_sw_expected,
                                      k_sw_payload, at(k_sw_timestamp + 301));
  ASSERT_FALSE(old.ok());
  EXPECT_NE(old.error().message.find("too old"), std::string::npos);
  auto future = verify_standard_webhooks(k_sw_secret, k_sw_id, "1614265330", k_sw_expected,
                                         k_sw_payload, at(k_sw_timestamp - 301));
  ASSERT_FALSE(future.ok());
  EXPECT_NE(future.error().message.find("too new"), std::string::npos);
}

TEST(SignatureTest, RejectsTamperedBodyIdOrTimestamp) {
  auto now = at(k_sw_timestamp);
  EXPECT_FALSE(verify_standard_webhooks(k_sw_secret, k_sw_id, "1614265330", k_sw_expected,
                                        R"({"test": 2432232315})", now)
                   .ok());
  EXPECT_FALSE(verify_standard_webhooks(k_sw_secret, "msg_other", "1614265330", k_sw_expected,
                                        k_sw_payload, now)
                   .ok());
  EXPECT_FALSE(
      verify_standard_webhooks(k_sw_secret, k_sw_id, "1614265331", k_sw_expected, k_sw_payload, now)
          .ok());
  EXPECT_FALSE(verify_github_signature(k_gh_secret, k_gh_expected, "Hello, World?").ok());
  EXPECT_FALSE(verify_github_signature("another secret", k_gh_expected, k_gh_payload).ok());
}

TEST(SignatureTest, AcceptsAnyOfSeveralSignatures) {
  std::string header =
      "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= " + std::string(k_sw_expected) + " v2,abc";
  EXPECT_TRUE(verify_standard_webhooks(k_sw_secret, k_sw_id, "1614265330", header, k_sw_payload,
                                       at(k_sw_timestamp))
                  .ok());
}

TEST(SignatureTest, RejectsMissingOrMalformedHeaders) {
  auto now = at(k_sw_timestamp);
  EXPECT_FALSE(
      verify_standard_webhooks(k_sw_secret, "", "1614265330", k_sw_expected, k_sw_payload, now)
          .ok());
  EXPECT_FALSE(
      verify_standard_webhooks(k_sw_secret, k_sw_id, "hello", k_sw_expected, k_sw_payload, now)
          .ok());
  EXPECT_FALSE(
      verify_standard_webhooks(k_sw_secret, k_sw_id, "1614265330", "v1,", k_sw_payload, now).ok());
  EXPECT_FALSE(verify_github_signature(k_gh_secret, "", k_gh_payload).ok());
}

TEST(SignatureTest, Base64RoundTripsAndRejectsGarbage) {
  for (std::string_view text : {"", "a", "ab", "abc", "abcd", "\x00\xff\x10"}) {
    auto decoded = base64_decode(base64_encode(text));
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, text);
  }
  EXPECT_EQ(base64_decode("YWJj"), "abc");
  EXPECT_EQ(base64_decode("YWI"), "ab");  // padding optional
  EXPECT_EQ(base64_decode("Y"), std::nullopt);
  EXPECT_EQ(base64_decode("YW J"), std::nullopt);
  EXPECT_EQ(base64_decode("Y==="), std::nullopt);
}

TEST(SignatureTest, MessageIdsAreFreshAndPrefixed) {
  std::string a = new_message_id();
  std::string b = new_message_id();
  EXPECT_TRUE(a.starts_with("msg_"));
  EXPECT_EQ(a.size(), 36u);
  EXPECT_NE(a, b);
}

TEST(SignatureTest, ConstantTimeEqualComparesContentAndLength) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
  EXPECT_TRUE(constant_time_equal("", ""));
}

}  // namespace
}  // namespace perfgate::webhook
