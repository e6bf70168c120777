// SPDX-License-Identifier: MIT
// WebhookReceiver: the far side of a webhook on loopback. It verifies both signatures with its
// own HMAC code (OpenSSL directly, independent of perf-gate's signer), rejects stale or future
// timestamps with 400, and can fail the first N deliveries with a status (503, 429) and a
// Retry-After header before it accepts.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "support/webhook_http_server.h"

namespace perfgate::test {

struct ReceiverConfig {
  std::string secret;  // as the sender was given it; empty: accept unsigned
  int fail_first = 0;  // answer the first N valid deliveries with fail_status
  int fail_status = 503;
  std::string retry_after;              // Retry-After on those failures; empty: none
  int final_status = 204;               // the answer once failures are used up
  std::chrono::seconds tolerance{300};  // webhook-timestamp window, as the reference libraries
};

struct ReceivedDelivery {
  ReceivedRequest request;
  bool standard_signature_ok = false;  // webhook-signature verified
  bool github_signature_ok = false;    // X-Hub-Signature-256 verified
  std::string rejection;               // why it was rejected (400); empty when accepted
  int status = 0;                      // what the receiver answered
};

class WebhookReceiver {
 public:
  explicit WebhookReceiver(ReceiverConfig config);
  std::string url(std::string_view path = "/hook") const { return m_server->url(path); }
  std::vector<ReceivedDelivery> deliveries() const;

 private:
  ServerResponse handle(const ReceivedRequest& request);

  ReceiverConfig m_config;
  mutable std::mutex m_mutex;
  std::vector<ReceivedDelivery> m_deliveries;
  int m_failed = 0;
  std::unique_ptr<WebhookHttpServer> m_server;  // last: stops before the state above dies
};

}  // namespace perfgate::test
