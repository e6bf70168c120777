// SPDX-License-Identifier: MIT
// HttpClient: the one seam for perf-gate's own HTTP calls (GitHub REST, webhooks) — not for load,
// which the engine drives. make_curl_http_client() is the real one (blocking libcurl easy);
// tests use it against local fake servers on loopback.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "perfgate/util/result.h"

namespace perfgate::net {

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{10'000};  // whole request
  bool follow_redirects = false;              // webhooks must not follow
};

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  // The first header with this (lower-case) name, or nullptr.
  const std::string* header(std::string_view name) const;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // A response of any status is a value; a network failure (connect, timeout, TLS) is a runtime
  // Error whose message never contains request headers (tokens) or the request body.
  virtual Result<HttpResponse> send(const HttpRequest& request) = 0;
};

std::unique_ptr<HttpClient> make_curl_http_client();

// When and how often to try again.
struct RetryPolicy {
  int max_attempts = 5;
  std::chrono::milliseconds initial_backoff{500};
  double backoff_multiplier = 2.0;
  std::chrono::milliseconds max_backoff{30'000};
  std::chrono::milliseconds max_total{120'000};  // the whole exchange ends within this
  double jitter = 0.2;                           // ± fraction of each backoff
};

// What the retry loop should do with one attempt's outcome; the default retries network errors,
// 429 and 5xx, honouring Retry-After, and returns every other response as final.
struct RetryDecision {
  bool retry = false;
  std::optional<std::chrono::milliseconds> wait;  // overrides the backoff (Retry-After)
};
using RetryClassifier = std::function<RetryDecision(const Result<HttpResponse>& outcome)>;
RetryDecision default_retry_decision(const Result<HttpResponse>& outcome);

// One attempt as it happened, for reports ("attempt 2: 503 after 120 ms, retrying in 1.1 s").
struct Attempt {
  int number = 0;
  int status = 0;     // 0: network error
  std::string error;  // network error text
  std::chrono::milliseconds elapsed{0};
  std::chrono::milliseconds wait_before_next{0};
};

struct RetriedResponse {
  Result<HttpResponse> final_outcome;
  std::vector<Attempt> attempts;
};

// Sleeps between attempts; injectable so tests need not wait.
using Sleeper = std::function<void(std::chrono::milliseconds)>;
Sleeper real_sleeper();

RetriedResponse send_with_retries(HttpClient& client, const HttpRequest& request,
                                  const RetryPolicy& policy,
                                  const RetryClassifier& classify = default_retry_decision,
                                  const Sleeper& sleep = real_sleeper());

}  // namespace perfgate::net
