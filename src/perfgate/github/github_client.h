// SPDX-License-Identifier: MIT
// GitHubClient: a small REST client over net::HttpClient with GitHub's required headers,
// pagination by Link rel="next", and GitHub's rate limits (docs/reference/endpoints.md §0).
// The token goes only into the Authorization header: never into URLs, logs or errors.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "perfgate/net/http_client.h"
#include "perfgate/util/result.h"

namespace perfgate::github {

using Json = nlohmann::json;

inline constexpr const char* k_api_version = "2022-11-28";

struct GitHubClientOptions {
  std::string api_url = "https://api.github.com";  // GITHUB_API_URL (GHES: https://HOST/api/v3)
  std::string token;                               // sent as "Authorization: Bearer <token>"
  std::string user_agent;                          // default "perf-gate/<version>"
  std::chrono::milliseconds timeout{15'000};       // per request
  net::RetryPolicy retry;                          // backoff for 5xx and network errors
  // A rate limit that resets later than this is not waited for: the call fails at once.
  std::chrono::milliseconds max_rate_limit_wait{120'000};
  // Wait when GitHub reports a secondary rate limit without Retry-After (docs: at least 1 min).
  std::chrono::milliseconds secondary_rate_limit_wait{60'000};
  int max_pages = 50;  // pagination bound (100 per page)
};

// The repository the gate publishes to.
struct Repository {
  std::string owner;
  std::string name;
  // "/repos/owner/name"
  std::string api_path() const { return "/repos/" + owner + "/" + name; }
};

// Percent-encodes a query value (RFC 3986 unreserved characters pass).
std::string url_encode(std::string_view text);

// One HTTP exchange's outcome after retries: any status is a value.
struct ApiResponse {
  int status = 0;
  Json body;             // null when empty or not JSON
  std::string next_url;  // Link rel="next", "" when last page
  int attempts = 1;
  bool ok() const { return status >= 200 && status < 300; }
  // GitHub's "message" from an error body, or "".
  std::string message() const;
};

// The retry decision for GitHub: network errors and 5xx back off; 403/429 retry only when they
// are rate limits (Retry-After, x-ratelimit-remaining: 0 + x-ratelimit-reset, or a "secondary
// rate limit" message), waiting as the headers say; every other 4xx is final.
net::RetryDecision github_retry_decision(const Result<net::HttpResponse>& outcome,
                                         std::chrono::system_clock::time_point now,
                                         const GitHubClientOptions& options);

// The URL of rel="next" in a Link header, or "".
std::string parse_next_link(std::string_view link_header);

// Replaces every occurrence of `secret` in `text` with "***".
std::string redact(std::string text, std::string_view secret);

class GitHubClient {
 public:
  using WallClock = std::function<std::chrono::system_clock::time_point()>;

  // REQUIRES: `http` outlives the client.
  GitHubClient(net::HttpClient& http, GitHubClientOptions options,
               net::Sleeper sleeper = net::real_sleeper(), WallClock wall_clock = {});

  // `path` is relative to the API URL ("/repos/o/r/issues") or a full URL on the same origin
  // (a Link). Returns a runtime Error only when no response was obtained.
  Result<ApiResponse> request(const std::string& method, const std::string& path,
                              const std::optional<Json>& body = std::nullopt);

  // As request(), but a non-2xx status is a runtime Error "GET /path: 404 Not Found".
  Result<Json> call(const std::string& method, const std::string& path,
                    const std::optional<Json>& body = std::nullopt);

  // Every item of a paginated list (per_page=100 added), following rel="next" up to max_pages.
  Result<std::vector<Json>> list_all(const std::string& path);

  const GitHubClientOptions& options() const { return m_options; }
  // Requests sent so far, retries included (for the gate's log).
  int requests_sent() const { return m_requests_sent; }

 private:
  Result<std::string> resolve_url(const std::string& path) const;
  Error api_error(const std::string& method, const std::string& path,
                  const ApiResponse& response) const;

  net::HttpClient& m_http;
  GitHubClientOptions m_options;
  net::Sleeper m_sleeper;
  WallClock m_wall_clock;
  int m_requests_sent = 0;
};

}  // namespace perfgate::github
