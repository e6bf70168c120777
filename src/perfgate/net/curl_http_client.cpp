// SPDX-License-Identifier: MIT
// The real HttpClient: blocking libcurl easy, one handle reused so that keep-alive connections
// to the same host (GitHub's API) are reused between calls.
#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include "perfgate/net/http_client.h"
#include "perfgate/net/url_origin.h"
#include "perfgate/util/version.h"

namespace perfgate::net {
namespace {

// A response body larger than this is a failure, not an allocation: perf-gate's own calls
// (GitHub REST, webhooks, Slack) never need more.
constexpr size_t k_max_response_bytes = 32 * 1024 * 1024;
constexpr long k_max_redirects = 5;

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

struct Transfer {
  HttpResponse response;
  bool too_large = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  size_t bytes = size * count;
  if (transfer->response.body.size() + bytes > k_max_response_bytes) {
    transfer->too_large = true;
    return 0;  // makes libcurl abort with CURLE_WRITE_ERROR
  }
  transfer->response.body.append(data, bytes);
  return bytes;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  size_t bytes = size * count;
  std::string_view line(data, bytes);
  if (line.starts_with("HTTP/")) {
    // A new response (after 100 Continue or a followed redirect): keep only the last one's.
    transfer->response.headers.clear();
    return bytes;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return bytes;  // the blank line that ends the headers
  transfer->response.headers.emplace_back(lower(trim(line.substr(0, colon))),
                                          std::string(trim(line.substr(colon + 1))));
  return bytes;
}

bool is_usage_error(CURLcode code) {
  return code == CURLE_URL_MALFORMAT || code == CURLE_UNSUPPORTED_PROTOCOL;
}

class CurlHttpClient final : public HttpClient {
 public:
  CurlHttpClient() : m_curl(curl_easy_init()) {}
  ~CurlHttpClient() override { curl_easy_cleanup(m_curl); }
  CurlHttpClient(const CurlHttpClient&) = delete;
  CurlHttpClient& operator=(const CurlHttpClient&) = delete;

  Result<HttpResponse> send(const HttpRequest& request) override {
    if (m_curl == nullptr) return Error::runtime("libcurl: cannot create an easy handle");
    curl_easy_reset(m_curl);
    Transfer transfer;
    curl_slist* headers = build_headers(request);
    set_options(request, headers, transfer);
    CURLcode code = curl_easy_perform(m_curl);
    curl_slist_free_all(headers);
    if (code != CURLE_OK) return describe_failure(request, code, transfer);
    long status = 0;
    curl_easy_getinfo(m_curl, CURLINFO_RESPONSE_CODE, &status);
    transfer.response.status = static_cast<int>(status);
    return std::move(transfer.response);
  }

 private:
  static curl_slist* build_headers(const HttpRequest& request) {
    curl_slist* list = nullptr;
    for (const auto& [name, value] : request.headers) {
      // "Name;" is libcurl's spelling of a header with an empty value.
      std::string line = value.empty() ? name + ";" : name + ": " + value;
      list = curl_slist_append(list, line.c_str());
    }
    // No "Expect: 100-continue" round trip for larger bodies: receivers rarely answer it.
    return curl_slist_append(list, "Expect:");
  }

  void set_options(const HttpRequest& request, curl_slist* headers, Transfer& transfer) {
    curl_easy_setopt(m_curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(m_curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(m_curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(m_curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
    curl_easy_setopt(m_curl, CURLOPT_USERAGENT,
                     fmt::format("perf-gate/{}", util::k_version).c_str());
    curl_easy_setopt(m_curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(m_curl, CURLOPT_ERRORBUFFER, m_error_buffer);
    m_error_buffer[0] = '\0';
    if (request.follow_redirects) {
      curl_easy_setopt(m_curl, CURLOPT_FOLLOWLOCATION, 1L);
      curl_easy_setopt(m_curl, CURLOPT_MAXREDIRS, k_max_redirects);
      curl_easy_setopt(m_curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    }
    set_method(request);
    curl_easy_setopt(m_curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(m_curl, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(m_curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(m_curl, CURLOPT_HEADERDATA, &transfer);
  }

  void set_method(const HttpRequest& request) {
    if (request.method == "GET" && request.body.empty()) {
      curl_easy_setopt(m_curl, CURLOPT_HTTPGET, 1L);
      return;
    }
    if (request.method == "HEAD") {
      curl_easy_setopt(m_curl, CURLOPT_NOBODY, 1L);
      return;
    }
    // The body is sent as is (libcurl does not copy it: `request` outlives the transfer).
    curl_easy_setopt(m_curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(m_curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    if (request.method != "POST") {
      curl_easy_setopt(m_curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
  }

  // The message names the method and origin and libcurl's reason: never the headers (tokens),
  // the body, or the URL's path and query (which may hold secrets).
  Error describe_failure(const HttpRequest& request, CURLcode code,
                         const Transfer& transfer) const {
    std::string reason = transfer.too_large
                             ? fmt::format("response body exceeds {} bytes", k_max_response_bytes)
                             : std::string(curl_easy_strerror(code));
    if (!transfer.too_large && m_error_buffer[0] != '\0') {
      reason += fmt::format(" ({})", m_error_buffer);
    }
    std::string message = fmt::format("{} {}: {}", request.method, url_origin(request.url), reason);
    return is_usage_error(code) ? Error::bad_input(std::move(message))
                                : Error::runtime(std::move(message));
  }

  CURL* m_curl;
  char m_error_buffer[CURL_ERROR_SIZE] = {};
};

}  // namespace

const std::string* HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() != name.size()) continue;
    bool same = std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
      return std::tolower(static_cast<unsigned char>(a)) ==
             std::tolower(static_cast<unsigned char>(b));
    });
    if (same) return &value;
  }
  return nullptr;
}

std::unique_ptr<HttpClient> make_curl_http_client() {
  global_init_once();
  return std::make_unique<CurlHttpClient>();
}

}  // namespace perfgate::net
