// SPDX-License-Identifier: MIT
#include "perfgate/github/github_client.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "perfgate/net/retry_after.h"
#include "perfgate/util/log.h"
#include "perfgate/util/version.h"

namespace perfgate::github {
namespace {

using std::chrono::milliseconds;

std::optional<int64_t> parse_int(const std::string* text) {
  if (text == nullptr) return std::nullopt;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) return std::nullopt;
  return value;
}

bool mentions_secondary_rate_limit(const std::string& body) {
  std::string lower(body);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.find("secondary rate") != std::string::npos;
}

// The wait a 403/429 asks for, or nullopt when it is not a rate limit (a permission error).
std::optional<milliseconds> rate_limit_wait(const net::HttpResponse& response,
                                            std::chrono::system_clock::time_point now,
                                            const GitHubClientOptions& options) {
  if (const std::string* retry_after = response.header("retry-after")) {
    if (auto wait = net::parse_retry_after(*retry_after, now)) return wait;
  }
  auto remaining = parse_int(response.header("x-ratelimit-remaining"));
  auto reset = parse_int(response.header("x-ratelimit-reset"));
  if (remaining == 0 && reset) {
    auto reset_time = std::chrono::system_clock::time_point(std::chrono::seconds(*reset));
    // +1 s: the reset is whole seconds and clocks differ (Octokit does the same).
    auto wait = std::chrono::duration_cast<milliseconds>(reset_time - now) + milliseconds{1000};
    return std::max(wait, milliseconds{1000});
  }
  if (mentions_secondary_rate_limit(response.body)) return options.secondary_rate_limit_wait;
  // A bare 429 is a rate limit whatever its headers say; back off normally.
  if (response.status == 429) return milliseconds{0};
  return std::nullopt;
}

bool same_origin(const std::string& url, const std::string& base) {
  // The origin is everything up to the first '/' after "scheme://".
  auto origin = [](const std::string& u) {
    auto scheme_end = u.find("://");
    if (scheme_end == std::string::npos) return std::string();
    auto path_start = u.find('/', scheme_end + 3);
    return u.substr(0, path_start);
  };
  std::string a = origin(url);
  return !a.empty() && a == origin(base);
}

std::string with_per_page(const std::string& path) {
  if (path.find("per_page=") != std::string::npos) return path;
  return path + (path.find('?') == std::string::npos ? "?" : "&") + "per_page=100";
}

}  // namespace

std::string ApiResponse::message() const {
  if (body.is_object() && body.contains("message") && body["message"].is_string()) {
    return body["message"].get<std::string>();
  }
  return "";
}

net::RetryDecision github_retry_decision(const Result<net::HttpResponse>& outcome,
                                         std::chrono::system_clock::time_point now,
                                         const GitHubClientOptions& options) {
  if (!outcome.ok()) return {outcome.error().kind == ErrorKind::runtime, std::nullopt};
  int status = outcome->status;
  if (status >= 500 && status <= 599) return net::default_retry_decision(outcome);
  if (status != 403 && status != 429) return {};
  auto wait = rate_limit_wait(*outcome, now, options);
  if (!wait) return {};
  if (*wait > options.max_rate_limit_wait) {
    util::warn(fmt::format("GitHub rate limit resets in {} s, longer than perf-gate waits",
                           wait->count() / 1000));
    return {};
  }
  if (wait->count() == 0) return {true, std::nullopt};
  return {true, *wait};
}

std::string url_encode(std::string_view text) {
  std::string out;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += fmt::format("%{:02X}", u);
    }
  }
  return out;
}

std::string parse_next_link(std::string_view link_header) {
  // <url>; rel="next", <url>; rel="last"
  size_t pos = 0;
  while (pos < link_header.size()) {
    size_t open = link_header.find('<', pos);
    if (open == std::string_view::npos) break;
    size_t close = link_header.find('>', open);
    if (close == std::string_view::npos) break;
    size_t end = link_header.find(',', close);
    std::string_view params = link_header.substr(
        close + 1, end == std::string_view::npos ? std::string_view::npos : end - close - 1);
    if (params.find("rel=\"next\"") != std::string_view::npos ||
        params.find("rel=next") != std::string_view::npos) {
      return std::string(link_header.substr(open + 1, close - open - 1));
    }
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return "";
}

std::string redact(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  for (size_t pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos)) {
    text.replace(pos, secret.size(), "***");
    pos += 3;
  }
  return text;
}

GitHubClient::GitHubClient(net::HttpClient& http, GitHubClientOptions options, net::Sleeper sleeper,
                           WallClock wall_clock)
    : m_http(http),
      m_options(std::move(options)),
      m_sleeper(std::move(sleeper)),
      m_wall_clock(std::move(wall_clock)) {
  while (!m_options.api_url.empty() && m_options.api_url.back() == '/')
    m_options.api_url.pop_back();
  if (m_options.user_agent.empty())
    m_options.user_agent = fmt::format("perf-gate/{}", util::k_version);
  if (!m_wall_clock) m_wall_clock = [] { return std::chrono::system_clock::now(); };
}

Result<std::string> GitHubClient::resolve_url(const std::string& path) const {
  if (path.starts_with("/")) return m_options.api_url + path;
  // A Link URL: follow it only on the API's own origin, so the token never leaves for elsewhere.
  if (same_origin(path, m_options.api_url)) return path;
  return Error::runtime("GitHub returned a pagination link to another origin; not following it");
}

Result<ApiResponse> GitHubClient::request(const std::string& method, const std::string& path,
                                          const std::optional<Json>& body) {
  auto url = resolve_url(path);
  if (!url) return url.error();
  net::HttpRequest req;
  req.method = method;
  req.url = *url;
  req.timeout = m_options.timeout;
  req.headers = {{"Accept", "application/vnd.github+json"},
                 {"X-GitHub-Api-Version", k_api_version},
                 {"User-Agent", m_options.user_agent}};
  if (!m_options.token.empty())
    req.headers.emplace_back("Authorization", "Bearer " + m_options.token);
  if (body) {
    req.headers.emplace_back("Content-Type", "application/json");
    req.body = body->dump();
  }
  auto classify = [this](const Result<net::HttpResponse>& outcome) {
    return github_retry_decision(outcome, m_wall_clock(), m_options);
  };
  net::RetriedResponse sent =
      net::send_with_retries(m_http, req, m_options.retry, classify, m_sleeper);
  m_requests_sent += static_cast<int>(sent.attempts.size());
  for (const net::Attempt& attempt : sent.attempts) {
    PG_LOG("github: {} {} attempt {}: {} {}", method, path, attempt.number, attempt.status,
           redact(attempt.error, m_options.token));
  }
  if (!sent.final_outcome.ok()) {
    Error error = sent.final_outcome.error();
    error.message = redact(fmt::format("{} {}: {} (after {} attempt(s))", method, path,
                                       error.message, sent.attempts.size()),
                           m_options.token);
    return error;
  }
  const net::HttpResponse& http = *sent.final_outcome;
  ApiResponse response;
  response.status = http.status;
  response.attempts = static_cast<int>(sent.attempts.size());
  if (!http.body.empty()) response.body = Json::parse(http.body, nullptr, false);
  if (response.body.is_discarded()) response.body = nullptr;
  if (const std::string* link = http.header("link")) response.next_url = parse_next_link(*link);
  return response;
}

Error GitHubClient::api_error(const std::string& method, const std::string& path,
                              const ApiResponse& response) const {
  std::string message = response.message();
  std::string text = fmt::format("GitHub API {} {}: HTTP {}{}{}", method, path, response.status,
                                 message.empty() ? "" : ": ", message);
  if (response.attempts > 1) text += fmt::format(" (after {} attempts)", response.attempts);
  return Error::runtime(redact(std::move(text), m_options.token));
}

Result<Json> GitHubClient::call(const std::string& method, const std::string& path,
                                const std::optional<Json>& body) {
  auto response = request(method, path, body);
  if (!response) return response.error();
  if (!response->ok()) return api_error(method, path, *response);
  return std::move(response->body);
}

Result<std::vector<Json>> GitHubClient::list_all(const std::string& path) {
  std::vector<Json> items;
  std::string next = with_per_page(path);
  for (int page = 0; !next.empty(); ++page) {
    if (page >= m_options.max_pages) {
      util::warn(fmt::format("GET {}: stopped after {} pages", path, m_options.max_pages));
      break;
    }
    auto response = request("GET", next);
    if (!response) return response.error();
    if (!response->ok()) return api_error("GET", path, *response);
    const Json& body = response->body;
    const Json& list = body.is_object() && body.contains("items") ? body["items"] : body;
    if (!list.is_array()) return Error::runtime(fmt::format("GET {}: expected a JSON list", path));
    for (const Json& item : list) items.push_back(item);
    next = response->next_url;
  }
  return items;
}

}  // namespace perfgate::github
