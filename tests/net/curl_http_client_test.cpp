// SPDX-License-Identifier: MIT
// The real libcurl client against a loopback server of our own.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "perfgate/net/http_client.h"
#include "support/webhook_http_server.h"

namespace perfgate::net {
namespace {

using std::chrono::milliseconds;
using test::ReceivedRequest;
using test::ServerResponse;
using test::WebhookHttpServer;

TEST(CurlHttpClientTest, ReturnsStatusBodyAndLowerCasedHeaders) {
  WebhookHttpServer server([](const ReceivedRequest&) {
    return ServerResponse{201, {{"X-Request-ID", "abc"}}, "created", {}, false};
  });
  auto client = make_curl_http_client();
  auto response = client->send({"GET", server.url("/thing"), {}, {}, milliseconds{5000}, false});
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->body, "created");
  ASSERT_NE(response->header("x-request-id"), nullptr);
  EXPECT_EQ(*response->header("x-request-id"), "abc");
  EXPECT_EQ(*response->header("X-Request-Id"), "abc");  // lookup ignores case
  bool all_lower = true;
  for (const auto& [name, value] : response->headers) {
    for (char c : name) all_lower = all_lower && !(c >= 'A' && c <= 'Z');
  }
  EXPECT_TRUE(all_lower);
}

TEST(CurlHttpClientTest, SendsMethodHeadersAndBody) {
  WebhookHttpServer server([](const ReceivedRequest&) { return ServerResponse{}; });
  auto client = make_curl_http_client();
  std::string body(5000, 'x');  // above libcurl's Expect: 100-continue threshold
  auto response = client->send({"POST",
                                server.url("/hook?x=1"),
                                {{"Content-Type", "application/json"}},
                                body,
                                milliseconds{5000},
                                false});
  ASSERT_TRUE(response.ok()) << response.error().message;
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/hook?x=1");
  EXPECT_EQ(requests[0].body, body);
  ASSERT_NE(requests[0].header("content-type"), nullptr);
  EXPECT_EQ(*requests[0].header("content-type"), "application/json");
  EXPECT_EQ(requests[0].header("expect"), nullptr);
}

TEST(CurlHttpClientTest, ErrorStatusesAreValuesNotErrors) {
  WebhookHttpServer server([](const ReceivedRequest&) {
    return ServerResponse{503, {}, "busy", {}, false};
  });
  auto response = make_curl_http_client()->send({"GET", server.url(), {}, {}, milliseconds{5000}});
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 503);
}

TEST(CurlHttpClientTest, SlowResponseTimesOutAsRuntimeError) {
  WebhookHttpServer server([](const ReceivedRequest&) {
    return ServerResponse{200, {}, "late", milliseconds{3000}, false};
  });
  auto response =
      make_curl_http_client()->send({"GET", server.url(), {}, {}, milliseconds{200}, false});
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().kind, ErrorKind::runtime);
  EXPECT_NE(response.error().message.find("imeout"), std::string::npos) << response.error().message;
}

TEST(CurlHttpClientTest, ConnectionRefusedIsRuntimeError) {
  std::string url = fmt::format("http://127.0.0.1:{}/", test::webhook_closed_port());
  auto response = make_curl_http_client()->send({"GET", url, {}, {}, milliseconds{2000}, false});
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().kind, ErrorKind::runtime);
}

TEST(CurlHttpClientTest, DroppedConnectionIsRuntimeError) {
  WebhookHttpServer server([](const ReceivedRequest&) {
    ServerResponse response;
    response.drop_connection = true;
    return response;
  });
  auto response =
      make_curl_http_client()->send({"GET", server.url(), {}, {}, milliseconds{2000}, false});
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().kind, ErrorKind::runtime);
}

TEST(CurlHttpClientTest, ErrorsNeverContainHeadersBodyOrPath) {
  std::string url = fmt::format("http://user:pw@127.0.0.1:{}/services/SECRETPATH?token=SECRETQ",
                                test::webhook_closed_port());
  auto response = make_curl_http_client()->send(
      {"POST", url, {{"Authorization", "Bearer SECRETTOKEN"}}, "SECRETBODY", milliseconds{2000}});
  ASSERT_FALSE(response.ok());
  const std::string& message = response.error().message;
  for (const char* secret : {"SECRETTOKEN", "SECRETBODY", "SECRETPATH", "SECRETQ", "pw"}) {
    EXPECT_EQ(message.find(secret), std::string::npos) << secret << " in: " << message;
  }
  EXPECT_NE(message.find("127.0.0.1"), std::string::npos) << message;
}

TEST(CurlHttpClientTest, RedirectIsNotFollowedUnlessAsked) {
  WebhookHttpServer target([](const ReceivedRequest&) { return ServerResponse{}; });
  WebhookHttpServer server([&](const ReceivedRequest&) {
    return ServerResponse{302, {{"Location", target.url("/moved")}}, {}, {}, false};
  });
  auto client = make_curl_http_client();
  auto response = client->send({"POST", server.url(), {}, "payload", milliseconds{5000}, false});
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 302);
  EXPECT_EQ(target.request_count(), 0u);

  auto followed = client->send({"GET", server.url(), {}, {}, milliseconds{5000}, true});
  ASSERT_TRUE(followed.ok());
  EXPECT_EQ(followed->status, 200);
  EXPECT_EQ(target.request_count(), 1u);
}

TEST(CurlHttpClientTest, MalformedUrlIsBadInput) {
  auto response = make_curl_http_client()->send({"GET", "ftp://127.0.0.1/", {}, {}});
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().kind, ErrorKind::bad_input);
}

}  // namespace
}  // namespace perfgate::net
