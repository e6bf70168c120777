// SPDX-License-Identifier: MIT
#include "support/webhook_receiver.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>

namespace perfgate::test {
namespace {

std::string hmac(const std::string& key, const std::string& message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  return std::string(reinterpret_cast<char*>(digest), length);
}

std::string base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

// whsec_ secrets in tests are padded base64 of a whole number of 3-byte groups.
std::string standard_key(const std::string& secret) {
  if (secret.rfind("whsec_", 0) != 0) return secret;
  std::string encoded = secret.substr(6);
  std::string out(encoded.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(encoded.data()),
                          static_cast<int>(encoded.size()));
  out.resize(n < 0 ? 0 : static_cast<size_t>(n));
  return out;
}

std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::string header_or_empty(const ReceivedRequest& request, std::string_view name) {
  const std::string* value = request.header(name);
  return value ? *value : std::string();
}

}  // namespace

WebhookReceiver::WebhookReceiver(ReceiverConfig config)
    : m_config(std::move(config)),
      m_server(std::make_unique<WebhookHttpServer>(
          [this](const ReceivedRequest& request) { return handle(request); })) {}

std::vector<ReceivedDelivery> WebhookReceiver::deliveries() const {
  std::lock_guard lock(m_mutex);
  return m_deliveries;
}

ServerResponse WebhookReceiver::handle(const ReceivedRequest& request) {
  ReceivedDelivery delivery;
  delivery.request = request;
  std::string id = header_or_empty(request, "webhook-id");
  std::string timestamp = header_or_empty(request, "webhook-timestamp");
  if (!m_config.secret.empty()) {
    std::string content = id + "." + timestamp + "." + request.body;
    std::string expected = "v1," + base64(hmac(standard_key(m_config.secret), content));
    delivery.standard_signature_ok = header_or_empty(request, "webhook-signature") == expected;
    delivery.github_signature_ok = header_or_empty(request, "x-hub-signature-256") ==
                                   "sha256=" + hex(hmac(m_config.secret, request.body));
    if (!delivery.standard_signature_ok || !delivery.github_signature_ok) {
      delivery.rejection = "bad signature";
    }
  }
  long long sent = 0;
  auto [end, error] = std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), sent);
  long long now = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  bool checked = !m_config.secret.empty() || !timestamp.empty();  // Slack-style posts have none
  if (checked && (error != std::errc() || sent < now - m_config.tolerance.count() ||
                  sent > now + m_config.tolerance.count())) {
    delivery.rejection = "stale or missing webhook-timestamp";
  }
  std::lock_guard lock(m_mutex);
  ServerResponse response;
  if (!delivery.rejection.empty()) {
    response.status = 400;
    response.body = delivery.rejection;
  } else if (m_failed < m_config.fail_first) {
    ++m_failed;
    response.status = m_config.fail_status;
    if (!m_config.retry_after.empty()) response.headers = {{"Retry-After", m_config.retry_after}};
  } else {
    response.status = m_config.final_status;
  }
  delivery.status = response.status;
  m_deliveries.push_back(std::move(delivery));
  return response;
}

}  // namespace perfgate::test
