// SPDX-License-Identifier: MIT
// The native HTTP/1.1 client's own cases (the shared engine tests run on it too): response
// framings libcurl handles for the other path, partial reads and writes, failures mid-response,
// which client --http-client picks, and that both clients send and count the same bytes.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "engine/engine_fixtures.h"
#include "perfgate/engine/run_plan.h"
#include "support/test_http_server.h"

namespace perfgate::test {
namespace {

using engine::HttpClient;
using metrics::ErrorKind;

engine::RunOptions native_options(int64_t max_requests) {
  engine::RunOptions options = quiet_options(1);
  options.http_client = HttpClient::native;
  options.max_requests = max_requests;
  return options;
}

results::RunResult run_native(const TestHttpServer& server, std::vector<scenario::Step> steps,
                              int64_t max_requests) {
  auto scenario =
      make_scenario(server.base_url(), {journey("one", std::move(steps))}, closed_profile(1, 30s));
  return run_ok(scenario, native_options(max_requests));
}

scenario::Step expecting(scenario::Step step, const std::string& body) {
  step.checks.status = {200};
  step.checks.body_contains = {body};
  return step;
}

TEST(NativeClientTest, ChunkedBodyIsDecodedForChecks) {
  TestHttpServer server;
  auto result = run_native(server, {expecting(step("chunked", "/chunked"), "hello world")}, 10);
  const auto& metrics = endpoint(result, "chunked");
  EXPECT_EQ(metrics.requests, 10);
  EXPECT_EQ(metrics.errors, 0);
  EXPECT_EQ(server.request_count(), 10u);
}

TEST(NativeClientTest, ConnectionCloseEndsTheBodyAndTheNextRequestReconnects) {
  TestHttpServer server;
  auto result = run_native(server, {expecting(step("close", "/close"), "until the close")}, 10);
  EXPECT_EQ(endpoint(result, "close").requests, 10);
  EXPECT_EQ(endpoint(result, "close").errors, 0);
  EXPECT_EQ(server.request_count(), 10u);
}

TEST(NativeClientTest, HeadResponseHasNoBodyAndTheConnectionStaysInStep) {
  TestHttpServer server;
  auto head = step("head", "/", scenario::HttpMethod::head);
  auto large = step("large", "/echo", scenario::HttpMethod::post);
  large.body = scenario::literal_template(std::string(100'000, 'x'));
  head.checks.status = {200};
  auto result = run_native(server, {head, expecting(step("get", "/"), "ok")}, 20);
  EXPECT_EQ(endpoint(result, "head").errors, 0);
  EXPECT_EQ(endpoint(result, "get").errors, 0);
  EXPECT_EQ(endpoint(result, "get").requests, 10);
  EXPECT_EQ(server.count("/"), 20u);
}

TEST(NativeClientTest, EarlyHintsAreSkippedForTheFinalResponse) {
  TestHttpServer server;
  auto result = run_native(server, {expecting(step("hints", "/early-hints"), "ok")}, 10);
  const auto& metrics = endpoint(result, "hints");
  EXPECT_EQ(metrics.errors, 0);
  EXPECT_EQ(metrics.status_counts.at(200), 10);
}

TEST(NativeClientTest, ResponseReadInPiecesIsReassembled) {
  TestHttpServer server;
  auto result =
      run_native(server, {expecting(step("trickle", "/trickle/5"), "0123456789abcdef")}, 5);
  EXPECT_EQ(endpoint(result, "trickle").errors, 0);
  EXPECT_EQ(endpoint(result, "trickle").requests, 5);
}

TEST(NativeClientTest, ResetInTheMiddleOfABodyIsAnOtherError) {
  TestHttpServer server;
  auto result = run_native(server, {step("cut", "/cut")}, 8);
  const auto& metrics = endpoint(result, "cut");
  EXPECT_EQ(errors_of(metrics, ErrorKind::other), 8);
  EXPECT_EQ(metrics.status_counts.at(200), 8);
  EXPECT_EQ(server.request_count(), 8u);
}

TEST(NativeClientTest, LargeRequestBodyIsWrittenInFull) {
  TestHttpServer server;
  auto post = step("post", "/echo", scenario::HttpMethod::post);
  std::string body(4 << 20, 'x');
  body += "end";
  post.body = scenario::literal_template(body);
  auto result = run_native(server, {expecting(post, "xend")}, 3);
  EXPECT_EQ(endpoint(result, "post").errors, 0);
  ASSERT_EQ(server.request_count(), 3u);
  for (const auto& request : server.requests()) EXPECT_EQ(request.body.size(), body.size());
}

std::vector<std::string> sorted_lines(const std::string& headers) {
  std::vector<std::string> lines;
  std::istringstream in(headers);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

// One request per step with each client: what the server read and what perf-gate counted.
TEST(NativeClientTest, SendsAndCountsTheSameBytesAsLibcurl) {
  auto get = step("get", "/a?b=c");
  get.headers = {
      {"X-Test", tmpl("{{ vu }}")}, {"Accept", tmpl("application/json")}, {"X-Empty", tmpl("")}};
  auto post = step("post", "/echo", scenario::HttpMethod::post);
  post.body = tmpl("{\"n\": {{ iteration }}}");
  auto head = step("head", "/", scenario::HttpMethod::head);
  auto large = step("large", "/echo", scenario::HttpMethod::post);
  large.body = scenario::literal_template(std::string(100'000, 'x'));
  std::map<HttpClient, results::RunResult> results;
  std::map<HttpClient, std::vector<LoggedRequest>> seen;
  for (HttpClient client : {HttpClient::curl, HttpClient::native}) {
    TestHttpServer server;
    auto scenario = make_scenario(server.base_url(), {journey("one", {get, post, head, large})},
                                  closed_profile(1, 30s));
    auto options = native_options(4);
    options.http_client = client;
    results.emplace(client, run_ok(scenario, options));
    seen.emplace(client, server.requests());
  }
  ASSERT_EQ(seen[HttpClient::curl].size(), 4u);
  ASSERT_EQ(seen[HttpClient::native].size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    const LoggedRequest& by_curl = seen[HttpClient::curl][i];
    const LoggedRequest& by_native = seen[HttpClient::native][i];
    EXPECT_EQ(by_native.method, by_curl.method);
    EXPECT_EQ(by_native.target, by_curl.target);
    EXPECT_EQ(by_native.body, by_curl.body);
    // The port differs between the two servers; the rest of the headers is the same.
    auto strip_port = [](std::vector<std::string> lines) {
      for (auto& line : lines)
        if (line.starts_with("Host:")) line = "Host";
      return lines;
    };
    EXPECT_EQ(strip_port(sorted_lines(by_native.headers)),
              strip_port(sorted_lines(by_curl.headers)));
  }
  for (const char* name : {"get", "post", "head", "large"}) {
    SCOPED_TRACE(name);
    const auto& by_curl = endpoint(results[HttpClient::curl], name);
    const auto& by_native = endpoint(results[HttpClient::native], name);
    EXPECT_EQ(by_native.bytes_sent, by_curl.bytes_sent);
    EXPECT_EQ(by_native.bytes_received, by_curl.bytes_received);
    EXPECT_EQ(by_native.phases.samples, by_curl.phases.samples);
    EXPECT_EQ(by_native.status_counts, by_curl.status_counts);
  }
}

TEST(NativeClientTest, ResultsNameTheClientThatRan) {
  TestHttpServer server;
  auto scenario = make_scenario(server.base_url(), {journey("one", {step("home", "/")})},
                                closed_profile(1, 30s));
  auto options = native_options(2);
  options.http_client = HttpClient::automatic;
  EXPECT_EQ(run_ok(scenario, options).meta.http_client, "native");
  options.http_client = HttpClient::curl;
  EXPECT_EQ(run_ok(scenario, options).meta.http_client, "curl");
}

TEST(NativeClientTest, AutoPicksLibcurlForHttpsAndHttp2) {
  auto options = native_options(1);
  options.http_client = HttpClient::automatic;
  auto https = make_scenario("https://127.0.0.1:1", {journey("one", {step("home", "/")})},
                             closed_profile(1, 1s));
  EXPECT_EQ(engine::make_plan(https, options, 1024)->http_client, HttpClient::curl);
  auto http = make_scenario("http://127.0.0.1:1", {journey("one", {step("home", "/")})},
                            closed_profile(1, 1s));
  EXPECT_EQ(engine::make_plan(http, options, 1024)->http_client, HttpClient::native);
  options.http_version = engine::HttpVersion::http2;
  EXPECT_EQ(engine::make_plan(http, options, 1024)->http_client, HttpClient::curl);
}

TEST(NativeClientTest, NativeIsRefusedForWhatItCannotSpeak) {
  auto https = make_scenario("https://127.0.0.1:1", {journey("one", {step("home", "/")})},
                             closed_profile(1, 1s));
  auto plan = engine::make_plan(https, native_options(1), 1024);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().kind, perfgate::ErrorKind::bad_input);
}

}  // namespace
}  // namespace perfgate::test
