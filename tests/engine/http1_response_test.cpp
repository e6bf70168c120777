// SPDX-License-Identifier: MIT
#include "perfgate/engine/http1_response.h"

#include <gtest/gtest.h>

#include <string>

#include "perfgate/scenario/response_view.h"

namespace perfgate::engine {
namespace {

constexpr std::string_view k_simple =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok";
constexpr int64_t k_simple_header_bytes = 64;  // all of k_simple but the two body bytes

struct Fed {
  Parsed result;
  size_t consumed;
};

Fed feed(Http1Response& response, std::string_view data) {
  size_t consumed = 0;
  Parsed result = response.feed(data, consumed);
  return {result, consumed};
}

Http1Response& keeping(Http1Response& response, HeadRequest head = HeadRequest::no) {
  response.start(head, Keep::yes, Keep::yes);
  return response;
}

TEST(Http1ResponseTest, ParsesAContentLengthResponseInOneRead) {
  Http1Response response;
  Fed fed = feed(keeping(response), k_simple);
  EXPECT_EQ(fed.result, Parsed::complete);
  EXPECT_EQ(fed.consumed, k_simple.size());
  EXPECT_EQ(response.status(), 200);
  EXPECT_EQ(response.body(), "ok");
  EXPECT_TRUE(response.keep_alive());
  EXPECT_EQ(response.header_bytes(), k_simple_header_bytes);
  EXPECT_EQ(response.body_bytes(), 2);
}

TEST(Http1ResponseTest, KeepsTheHeaderBlockAsReceived) {
  Http1Response response;
  feed(keeping(response), k_simple);
  EXPECT_EQ(response.headers(), k_simple.substr(0, k_simple_header_bytes));
  scenario::ResponseView view;
  view.headers = response.headers();
  EXPECT_EQ(view.header("content-type"), "text/plain");
}

TEST(Http1ResponseTest, CountsTheSameWhenFedOneByteAtATime) {
  Http1Response response;
  keeping(response);
  Parsed result = Parsed::more;
  for (size_t i = 0; i < k_simple.size(); ++i) {
    ASSERT_EQ(result, Parsed::more) << "at byte " << i;
    Fed fed = feed(response, k_simple.substr(i, 1));
    EXPECT_EQ(fed.consumed, 1u);
    result = fed.result;
  }
  EXPECT_EQ(result, Parsed::complete);
  EXPECT_EQ(response.header_bytes(), k_simple_header_bytes);
  EXPECT_EQ(response.body(), "ok");
  EXPECT_EQ(response.headers(), k_simple.substr(0, k_simple_header_bytes));
}

TEST(Http1ResponseTest, DecodesAChunkedBody) {
  Http1Response response;
  Fed fed = feed(keeping(response),
                 "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                 "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
  EXPECT_EQ(fed.result, Parsed::complete);
  EXPECT_EQ(response.body(), "abcde");
  EXPECT_EQ(response.body_bytes(), 5);
  EXPECT_EQ(response.header_bytes(), 47);
  EXPECT_TRUE(response.keep_alive());
}

TEST(Http1ResponseTest, ConnectionCloseEndsKeepAlive) {
  Http1Response response;
  feed(keeping(response), "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  EXPECT_FALSE(response.keep_alive());
}

TEST(Http1ResponseTest, Http10WithoutKeepAliveEndsKeepAlive) {
  Http1Response response;
  EXPECT_EQ(feed(keeping(response), "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").result,
            Parsed::complete);
  EXPECT_FALSE(response.keep_alive());
}

TEST(Http1ResponseTest, AHeadResponseHasNoBodyWhateverItsLength) {
  Http1Response response;
  Fed fed =
      feed(keeping(response, HeadRequest::yes), "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
  EXPECT_EQ(fed.result, Parsed::complete);
  EXPECT_EQ(response.body_bytes(), 0);
  EXPECT_TRUE(response.keep_alive());
}

TEST(Http1ResponseTest, SkipsInterimResponsesAndCountsTheirHeaders) {
  constexpr std::string_view interim = "HTTP/1.1 100 Continue\r\n\r\n";
  Http1Response response;
  std::string both = std::string(interim) + std::string(k_simple);
  Fed fed = feed(keeping(response), both);
  EXPECT_EQ(fed.result, Parsed::complete);
  EXPECT_EQ(response.status(), 200);
  EXPECT_EQ(response.header_bytes(), static_cast<int64_t>(interim.size()) + k_simple_header_bytes);
  EXPECT_EQ(response.headers(), both.substr(0, both.size() - 2));
}

TEST(Http1ResponseTest, A204HasNoBody) {
  Http1Response response;
  EXPECT_EQ(feed(keeping(response), "HTTP/1.1 204 No Content\r\n\r\n").result, Parsed::complete);
  EXPECT_EQ(response.status(), 204);
}

TEST(Http1ResponseTest, ABodyDelimitedByTheCloseCompletesAtEndOfStream) {
  Http1Response response;
  EXPECT_EQ(feed(keeping(response), "HTTP/1.1 200 OK\r\n\r\nuntil the end").result, Parsed::more);
  EXPECT_EQ(response.feed_eof(), Parsed::complete);
  EXPECT_EQ(response.body(), "until the end");
  EXPECT_FALSE(response.keep_alive());
}

TEST(Http1ResponseTest, EndOfStreamInsideTheBodyIsInvalid) {
  Http1Response response;
  feed(keeping(response), "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
  EXPECT_EQ(response.feed_eof(), Parsed::invalid);
}

TEST(Http1ResponseTest, EndOfStreamBeforeAnyByteIsInvalid) {
  Http1Response response;
  keeping(response);
  EXPECT_EQ(response.feed_eof(), Parsed::invalid);
}

TEST(Http1ResponseTest, RejectsWhatIsNotHttp) {
  Http1Response response;
  EXPECT_EQ(feed(keeping(response), "SSH-2.0-OpenSSH_9.2\r\n").result, Parsed::invalid);
}

TEST(Http1ResponseTest, LeavesBytesAfterTheResponseUnconsumed) {
  Http1Response response;
  std::string two = std::string(k_simple) + "HTTP/1.1";
  Fed fed = feed(keeping(response), two);
  EXPECT_EQ(fed.result, Parsed::complete);
  EXPECT_EQ(fed.consumed, k_simple.size());
}

TEST(Http1ResponseTest, CountsWithoutKeepingWhenNothingReadsTheResponse) {
  Http1Response response;
  response.start(HeadRequest::no, Keep::no, Keep::no);
  feed(response, k_simple);
  EXPECT_EQ(response.headers(), "");
  EXPECT_EQ(response.body(), "");
  EXPECT_EQ(response.header_bytes(), k_simple_header_bytes);
  EXPECT_EQ(response.body_bytes(), 2);
}

TEST(Http1ResponseTest, StartsAfreshForTheNextResponseOnTheConnection) {
  Http1Response response;
  feed(keeping(response), "HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\nnope");
  Fed fed = feed(keeping(response), k_simple);
  EXPECT_EQ(fed.result, Parsed::complete);
  EXPECT_EQ(response.status(), 200);
  EXPECT_EQ(response.body(), "ok");
  EXPECT_EQ(response.header_bytes(), k_simple_header_bytes);
}

}  // namespace
}  // namespace perfgate::engine
