// SPDX-License-Identifier: MIT
#include "perfgate/webhook/http_message.h"

#include <gtest/gtest.h>

namespace perfgate::webhook {
namespace {

TEST(HttpMessageTest, ParsesRequestLineQueryAndHeaders) {
  auto head = parse_request_head(
      "GET /api/v1/verdict?scenario=check%20out&profile=a+b&empty HTTP/1.1\r\n"
      "Host: 127.0.0.1\r\nAuthorization:  Bearer t0k \r\n");
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->method, "GET");
  EXPECT_EQ(head->path, "/api/v1/verdict");
  EXPECT_EQ(*head->param("scenario"), "check out");
  EXPECT_EQ(*head->param("profile"), "a b");
  EXPECT_EQ(*head->param("empty"), "");
  EXPECT_EQ(head->param("missing"), nullptr);
  EXPECT_EQ(*head->header("authorization"), "Bearer t0k");
  EXPECT_EQ(*head->header("host"), "127.0.0.1");
}

TEST(HttpMessageTest, DecodesThePath) {
  auto head = parse_request_head("GET /gate/%2e%2e/check HTTP/1.0");
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->path, "/gate/../check");
}

TEST(HttpMessageTest, RejectsMalformedHeads) {
  for (const char* text :
       {"", "GET", "GET /", "GET / HTTP/2", "get / HTTP/1.1", "GET http://example.com/ HTTP/1.1",
        "GET /%zz HTTP/1.1", "GET /%00 HTTP/1.1", "GET /?a=%4 HTTP/1.1",
        "GET / HTTP/1.1\r\nHost : x", "GET / HTTP/1.1\r\n folded", "GET / HTTP/1.1\r\nno colon"}) {
    EXPECT_FALSE(parse_request_head(text).has_value()) << text;
  }
}

TEST(HttpMessageTest, SerializesWithLengthAndClose) {
  Reply reply{404, "application/json", R"({"error":"x"})", {{"X-A", "b"}}};
  std::string wire = serialize_reply(reply);
  EXPECT_TRUE(wire.starts_with("HTTP/1.1 404 Not Found\r\n"));
  EXPECT_NE(wire.find("Content-Length: 13\r\n"), std::string::npos);
  EXPECT_NE(wire.find("Connection: close\r\n"), std::string::npos);
  EXPECT_NE(wire.find("X-A: b\r\n"), std::string::npos);
  EXPECT_TRUE(wire.ends_with("\r\n\r\n{\"error\":\"x\"}"));
  EXPECT_TRUE(serialize_reply(reply, true).ends_with("\r\n\r\n"));
}

}  // namespace
}  // namespace perfgate::webhook
