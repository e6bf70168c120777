// SPDX-License-Identifier: MIT
// Webhook signatures in the two conventions receivers know, so either kind can verify perf-gate:
//  - Standard Webhooks (standardwebhooks.com): headers webhook-id, webhook-timestamp (Unix
//    seconds) and webhook-signature "v1,<base64 HMAC-SHA256(key, id "." timestamp "." body)>";
//  - GitHub: X-Hub-Signature-256 "sha256=<hex HMAC-SHA256(secret, body)>".
// Secrets: "whsec_<base64>" is a Standard Webhooks secret and its key is the decoded bytes; any
// other secret is used as raw bytes for Standard Webhooks (unlike the reference libraries, which
// base64-decode unprefixed secrets too). GitHub's signature always keys on the secret string as
// given, which is what GitHub-convention receivers configure.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "perfgate/util/result.h"

namespace perfgate::webhook {

// The Standard Webhooks reference libraries' tolerance for webhook-timestamp: ±5 minutes.
inline constexpr std::chrono::seconds k_default_timestamp_tolerance{5 * 60};

// Primitives (OpenSSL libcrypto). hmac_sha256 returns the 32 raw bytes.
std::string hmac_sha256(std::string_view key, std::string_view message);
std::string base64_encode(std::string_view bytes);
// nullopt unless `text` is standard base64 (padding optional).
std::optional<std::string> base64_decode(std::string_view text);
std::string hex_encode(std::string_view bytes);
// Compares in time that depends only on the lengths, never on where the inputs differ.
bool constant_time_equal(std::string_view a, std::string_view b);

// The Standard Webhooks key for a secret (see above); bad_input for "whsec_" with bad base64.
Result<std::string> standard_webhooks_key(std::string_view secret);

// "v1,<base64>" for one message.
std::string standard_webhooks_signature(std::string_view key, std::string_view id,
                                        std::int64_t timestamp, std::string_view body);
// "sha256=<hex>".
std::string github_signature(std::string_view secret, std::string_view body);

// A fresh message id, "msg_" + 32 hex digits from a CSPRNG; reuse it on every retry.
std::string new_message_id();

// All four signature headers (webhook-id, webhook-timestamp, webhook-signature,
// X-Hub-Signature-256) for `body` signed with `secret`.
Result<std::vector<std::pair<std::string, std::string>>> signature_headers(std::string_view secret,
                                                                           std::string_view id,
                                                                           std::int64_t timestamp,
                                                                           std::string_view body);

// Receivers' side (used by tests and by anyone embedding perf-gate as a receiver). Each returns
// a bad_input Error saying what is wrong: missing header, stale or future timestamp, no match.
// `signature_header` may hold several space-separated signatures (key rotation); any v1 match
// passes.
Status verify_standard_webhooks(std::string_view secret, std::string_view id,
                                std::string_view timestamp, std::string_view signature_header,
                                std::string_view body, std::chrono::system_clock::time_point now,
                                std::chrono::seconds tolerance = k_default_timestamp_tolerance);
Status verify_github_signature(std::string_view secret, std::string_view signature_header,
                               std::string_view body);

}  // namespace perfgate::webhook
