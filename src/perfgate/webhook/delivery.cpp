// SPDX-License-Identifier: MIT
#include "perfgate/webhook/delivery.h"

#include <fmt/format.h>

#include "perfgate/util/assert.h"
#include "perfgate/webhook/signature.h"

namespace perfgate::webhook {
namespace {

using std::chrono::milliseconds;

std::string human(milliseconds duration) {
  if (duration < milliseconds{1000}) return fmt::format("{} ms", duration.count());
  return fmt::format("{:.1f} s", static_cast<double>(duration.count()) / 1000.0);
}

bool is_success(int status) {
  return status >= 200 && status <= 299;
}

}  // namespace

net::RetryPolicy default_webhook_retry_policy() {
  net::RetryPolicy policy;
  policy.max_attempts = 5;
  policy.initial_backoff = milliseconds{1000};
  policy.backoff_multiplier = 2.0;
  policy.max_backoff = milliseconds{30'000};
  policy.max_total = milliseconds{120'000};
  policy.jitter = 0.2;
  return policy;
}

std::string describe_attempt(const net::Attempt& attempt) {
  std::string what = attempt.status != 0 ? fmt::format("HTTP {}", attempt.status)
                                         : fmt::format("network error: {}", attempt.error);
  std::string out =
      fmt::format("attempt {}: {} in {}", attempt.number, what, human(attempt.elapsed));
  if (attempt.wait_before_next > milliseconds{0}) {
    out += fmt::format(", retrying in {}", human(attempt.wait_before_next));
  }
  return out;
}

DeliveryResult deliver(net::HttpClient& client, const net::HttpRequest& request,
                       const net::RetryPolicy& policy, const net::Sleeper& sleep) {
  PG_ASSERT(!request.follow_redirects);
  net::RetriedResponse retried =
      net::send_with_retries(client, request, policy, net::default_retry_decision, sleep);
  DeliveryResult result;
  result.attempts = std::move(retried.attempts);
  if (!retried.final_outcome.ok()) {
    result.error = retried.final_outcome.error().message;
    return result;
  }
  result.final_status = retried.final_outcome->status;
  result.delivered = is_success(result.final_status);
  if (!result.delivered) {
    result.error = fmt::format("HTTP {}", result.final_status);
    if (result.final_status >= 300 && result.final_status <= 399) {
      result.error += " (redirects are not followed; use the final URL)";
    }
  }
  return result;
}

SigningClient::SigningClient(net::HttpClient& inner, std::string secret, std::string message_id,
                             const util::Clock& clock)
    : m_inner(inner),
      m_secret(std::move(secret)),
      m_message_id(std::move(message_id)),
      m_clock(clock) {}

Result<net::HttpResponse> SigningClient::send(const net::HttpRequest& request) {
  auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(m_clock.wall_now().time_since_epoch());
  net::HttpRequest signed_request = request;
  if (m_secret.empty()) {
    // Unsigned, but still idempotent: receivers deduplicate on webhook-id.
    signed_request.headers.emplace_back("webhook-id", m_message_id);
    signed_request.headers.emplace_back("webhook-timestamp", std::to_string(seconds.count()));
    return m_inner.send(signed_request);
  }
  auto headers = signature_headers(m_secret, m_message_id, seconds.count(), request.body);
  if (!headers) return headers.error();
  signed_request.headers.insert(signed_request.headers.end(), headers->begin(), headers->end());
  return m_inner.send(signed_request);
}

}  // namespace perfgate::webhook
