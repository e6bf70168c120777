// SPDX-License-Identifier: MIT
#include "perfgate/webhook/signature.h"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <charconv>
#include <stdexcept>

namespace perfgate::webhook {
namespace {

constexpr std::string_view k_secret_prefix = "whsec_";

const unsigned char* bytes_of(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

bool is_base64_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

std::optional<std::int64_t> parse_timestamp(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

std::string hmac_sha256(std::string_view key, std::string_view message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // An empty key is legal for HMAC; OpenSSL wants a non-null pointer for it.
  static const unsigned char k_empty = 0;
  const void* key_data = key.empty() ? &k_empty : static_cast<const void*>(key.data());
  if (HMAC(EVP_sha256(), key_data, static_cast<int>(key.size()), bytes_of(message), message.size(),
           digest, &length) == nullptr) {
    throw std::runtime_error("OpenSSL HMAC-SHA256 failed");  // only on allocation failure
  }
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes_of(bytes),
                               static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(length));
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  size_t data_length = text.size();
  while (data_length > 0 && text[data_length - 1] == '=') --data_length;
  if (text.size() - data_length > 2 || data_length % 4 == 1) return std::nullopt;
  for (size_t i = 0; i < data_length; ++i) {
    if (!is_base64_char(text[i])) return std::nullopt;
  }
  std::string padded(text.substr(0, data_length));
  padded.append((4 - padded.size() % 4) % 4, '=');
  std::string out(padded.size() / 4 * 3, '\0');
  int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes_of(padded),
                               static_cast<int>(padded.size()));
  if (length < 0) return std::nullopt;
  // EVP_DecodeBlock counts the bytes that padding stands for; drop them.
  size_t padding = padded.size() - data_length;
  out.resize(static_cast<size_t>(length) - padding);
  return out;
}

std::string hex_encode(std::string_view bytes) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += k_digits[c >> 4];
    out += k_digits[c & 0xf];
  }
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  // Lengths are public (signatures have fixed lengths); the contents are compared by OpenSSL
  // without an early exit.
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<std::string> standard_webhooks_key(std::string_view secret) {
  if (!secret.starts_with(k_secret_prefix)) return std::string(secret);
  auto key = base64_decode(secret.substr(k_secret_prefix.size()));
  if (!key || key->empty()) {
    return Error::bad_input("the webhook secret starts with \"whsec_\" but the rest is not base64");
  }
  return *key;
}

std::string standard_webhooks_signature(std::string_view key, std::string_view id,
                                        std::int64_t timestamp, std::string_view body) {
  std::string content = fmt::format("{}.{}.{}", id, timestamp, body);
  return "v1," + base64_encode(hmac_sha256(key, content));
}

std::string github_signature(std::string_view secret, std::string_view body) {
  return "sha256=" + hex_encode(hmac_sha256(secret, body));
}

std::string new_message_id() {
  unsigned char random[16];
  if (RAND_bytes(random, sizeof random) != 1) throw std::runtime_error("OpenSSL RAND_bytes failed");
  return "msg_" +
         hex_encode(std::string_view(reinterpret_cast<const char*>(random), sizeof random));
}

Result<std::vector<std::pair<std::string, std::string>>> signature_headers(std::string_view secret,
                                                                           std::string_view id,
                                                                           std::int64_t timestamp,
                                                                           std::string_view body) {
  auto key = standard_webhooks_key(secret);
  if (!key) return key.error();
  return std::vector<std::pair<std::string, std::string>>{
      {"webhook-id", std::string(id)},
      {"webhook-timestamp", std::to_string(timestamp)},
      {"webhook-signature", standard_webhooks_signature(*key, id, timestamp, body)},
      {"X-Hub-Signature-256", github_signature(secret, body)},
  };
}

Status verify_standard_webhooks(std::string_view secret, std::string_view id,
                                std::string_view timestamp, std::string_view signature_header,
                                std::string_view body, std::chrono::system_clock::time_point now,
                                std::chrono::seconds tolerance) {
  if (id.empty() || timestamp.empty() || signature_header.empty()) {
    return Error::bad_input("missing webhook-id, webhook-timestamp or webhook-signature");
  }
  auto seconds = parse_timestamp(timestamp);
  if (!seconds) return Error::bad_input("webhook-timestamp is not an integer");
  auto now_seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
  if (*seconds < now_seconds.count() - tolerance.count()) {
    return Error::bad_input("webhook-timestamp is too old");
  }
  if (*seconds > now_seconds.count() + tolerance.count()) {
    return Error::bad_input("webhook-timestamp is too new");
  }
  auto key = standard_webhooks_key(secret);
  if (!key) return key.error();
  std::string expected = standard_webhooks_signature(*key, id, *seconds, body);
  bool matched = false;
  size_t pos = 0;
  while (pos <= signature_header.size()) {
    size_t end = signature_header.find(' ', pos);
    if (end == std::string_view::npos) end = signature_header.size();
    // Keep comparing after a match so the time does not reveal which one matched.
    matched |= constant_time_equal(signature_header.substr(pos, end - pos), expected);
    pos = end + 1;
  }
  if (!matched) return Error::bad_input("no webhook-signature matches");
  return ok_status();
}

Status verify_github_signature(std::string_view secret, std::string_view signature_header,
                               std::string_view body) {
  if (signature_header.empty()) return Error::bad_input("missing X-Hub-Signature-256");
  if (!constant_time_equal(signature_header, github_signature(secret, body))) {
    return Error::bad_input("X-Hub-Signature-256 does not match");
  }
  return ok_status();
}

}  // namespace perfgate::webhook
