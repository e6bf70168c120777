// SPDX-License-Identifier: MIT
// Delivering one webhook: POST with retries (net::send_with_retries), success = 2xx, redirects
// never followed (a 3xx is a failure, as Standard Webhooks says), every attempt recorded.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "perfgate/net/http_client.h"
#include "perfgate/util/clock.h"

namespace perfgate::webhook {

// Standard Webhooks suggests a 15–30 s timeout per attempt; the total bound keeps a CI job short.
net::RetryPolicy default_webhook_retry_policy();  // 5 attempts, 1 s ×2 ±20 %, ≤ 2 min in all
inline constexpr std::chrono::milliseconds k_default_attempt_timeout{15'000};

struct DeliveryResult {
  bool delivered = false;  // the last attempt got a 2xx
  int final_status = 0;    // the last HTTP status; 0 after a network error
  std::string error;       // why it failed, for the user ("HTTP 400", network error)
  std::vector<net::Attempt> attempts;
};

// "attempt 2: HTTP 503 in 12 ms, retrying in 1.1 s" / "attempt 3: HTTP 204 in 3 ms"
std::string describe_attempt(const net::Attempt& attempt);

// Sends `request` (REQUIRES: follow_redirects is false) until it succeeds, fails for good, or
// the policy's bounds are reached.
DeliveryResult deliver(net::HttpClient& client, const net::HttpRequest& request,
                       const net::RetryPolicy& policy, const net::Sleeper& sleep);

// An HttpClient that signs every request it sends with a fresh webhook-timestamp (so a retry
// minutes later is not rejected as stale) under the same webhook-id. `secret` is the secret as
// the user gave it (see signature.h); when empty, only webhook-id and webhook-timestamp are
// added. Not thread-safe; borrows `inner` and `clock`.
class SigningClient final : public net::HttpClient {
 public:
  SigningClient(net::HttpClient& inner, std::string secret, std::string message_id,
                const util::Clock& clock);
  Result<net::HttpResponse> send(const net::HttpRequest& request) override;

 private:
  net::HttpClient& m_inner;
  std::string m_secret;
  std::string m_message_id;
  const util::Clock& m_clock;
};

}  // namespace perfgate::webhook
