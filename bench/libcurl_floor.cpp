// SPDX-License-Identifier: MIT
// The floor of what libcurl alone costs per request, for the comparison with wrk in
// docs/engine-performance.md (issue #15): the simplest idiomatic libcurl multi loop a user would
// write, with nothing of perf-gate in it. N easy handles on one multi handle, each re-added as
// soon as its transfer is done; a write callback that discards the body; curl_multi_perform and
// curl_multi_poll; HTTP/1.1, TCP_NODELAY, NOSIGNAL, no proxy, MAXCONNECTS = N. No checks, no
// histograms, no clock reads per request: whatever CPU per request this costs, perf-gate's
// `--http-client curl` path cannot cost less. bench/engine_peers.py runs it as `curl-floor`.
//
//   bench_libcurl_floor URL CONNECTIONS SECONDS
//
// Only loopback targets (127.0.0.0/8, ::1, localhost): anything else is refused with exit 2.
// Prints one JSON line: completed requests (transfers done in time), errors among them (libcurl
// errors and responses with a status of 400 or more), and the seconds the loop ran.
#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <strings.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

constexpr long kMaxConnections = 10'000;
constexpr double kMaxSeconds = 600;

size_t discard(char*, size_t size, size_t nmemb, void*) {
  return size * nmemb;
}

// The URL's host, as libcurl parses it, is a loopback address or the name localhost (which
// libcurl resolves to 127.0.0.1 and ::1 itself, without the hosts file).
bool loopback_url(const char* url) {
  CURLU* parsed = curl_url();
  if (parsed == nullptr) return false;
  bool ok = false;
  char* scheme = nullptr;
  char* host = nullptr;
  if (curl_url_set(parsed, CURLUPART_URL, url, 0) == CURLUE_OK &&
      curl_url_get(parsed, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
      curl_url_get(parsed, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
    std::string h = host;
    bool http = strcasecmp(scheme, "http") == 0 || strcasecmp(scheme, "https") == 0;
    in_addr v4{};
    in6_addr v6{};
    if (strcasecmp(h.c_str(), "localhost") == 0) {
      ok = http;
    } else if (inet_pton(AF_INET, h.c_str(), &v4) == 1) {
      ok = http && (ntohl(v4.s_addr) >> 24) == 127;
    } else if (h.size() > 2 && h.front() == '[' && h.back() == ']' &&
               inet_pton(AF_INET6, h.substr(1, h.size() - 2).c_str(), &v6) == 1) {
      ok = http && IN6_IS_ADDR_LOOPBACK(&v6);
    }
  }
  curl_free(scheme);
  curl_free(host);
  curl_url_cleanup(parsed);
  return ok;
}

bool parse_long(const char* text, long& out) {
  char* end = nullptr;
  out = std::strtol(text, &end, 10);
  return end != text && *end == '\0';
}

bool parse_double(const char* text, double& out) {
  char* end = nullptr;
  out = std::strtod(text, &end);
  return end != text && *end == '\0';
}

}  // namespace

int main(int argc, char** argv) {
  long connections = 0;
  double seconds = 0;
  if (argc != 4 || !parse_long(argv[2], connections) || !parse_double(argv[3], seconds)) {
    std::fprintf(stderr, "usage: bench_libcurl_floor URL CONNECTIONS SECONDS\n");
    return 2;
  }
  if (connections < 1 || connections > kMaxConnections) {
    std::fprintf(stderr, "CONNECTIONS must be 1 to %ld\n", kMaxConnections);
    return 2;
  }
  if (!(seconds > 0 && seconds <= kMaxSeconds)) {
    std::fprintf(stderr, "SECONDS must be above 0 and at most %.0f\n", kMaxSeconds);
    return 2;
  }
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    std::fprintf(stderr, "curl_global_init failed\n");
    return 1;
  }
  if (!loopback_url(argv[1])) {
    std::fprintf(stderr, "refused: %s is not an http(s) URL on 127.0.0.0/8, ::1 or localhost\n",
                 argv[1]);
    curl_global_cleanup();
    return 2;
  }

  CURLM* multi = curl_multi_init();
  curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, connections);
  std::vector<CURL*> handles;
  for (long i = 0; i < connections; ++i) {
    CURL* easy = curl_easy_init();
    curl_easy_setopt(easy, CURLOPT_URL, argv[1]);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
    curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_NOPROXY, "*");
    curl_multi_add_handle(multi, easy);
    handles.push_back(easy);
  }

  using Clock = std::chrono::steady_clock;
  auto start = Clock::now();
  auto deadline =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  int64_t requests = 0;
  int64_t errors = 0;
  CURLcode first_error = CURLE_OK;
  for (auto now = start; now < deadline; now = Clock::now()) {
    int running = 0;
    curl_multi_perform(multi, &running);
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* easy = msg->easy_handle;
      CURLcode result = msg->data.result;
      long status = 0;
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
      ++requests;
      if (result != CURLE_OK || status >= 400) {
        ++errors;
        if (first_error == CURLE_OK) first_error = result;
      }
      curl_multi_remove_handle(multi, easy);
      curl_multi_add_handle(multi, easy);
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
    curl_multi_poll(multi, nullptr, 0, static_cast<int>(left < 100 ? left + 1 : 100), nullptr);
  }
  double ran = std::chrono::duration<double>(Clock::now() - start).count();

  for (CURL* easy : handles) {
    curl_multi_remove_handle(multi, easy);
    curl_easy_cleanup(easy);
  }
  curl_multi_cleanup(multi);
  if (first_error != CURLE_OK) {
    std::fprintf(stderr, "first libcurl error: %s\n", curl_easy_strerror(first_error));
  }
  std::printf(
      "{\"requests\": %lld, \"errors\": %lld, \"seconds\": %.3f, \"connections\": %ld, "
      "\"libcurl\": \"%s\"}\n",
      static_cast<long long>(requests), static_cast<long long>(errors), ran, connections,
      curl_version_info(CURLVERSION_NOW)->version);
  curl_global_cleanup();
  return 0;
}
