// SPDX-License-Identifier: MIT
#include "perfgate/scenario/capture.h"

#include <gtest/gtest.h>

namespace perfgate::scenario {
namespace {

Capture json_capture(const std::string& path) {
  Result<Capture> capture = make_capture("v", CaptureSource::json, path);
  EXPECT_TRUE(capture.ok()) << capture.error().message;
  return capture.ok() ? capture.value() : Capture{};
}

std::optional<std::string> from_body(const std::string& path, std::string_view body) {
  ResponseView response;
  response.status = 200;
  response.body = body;
  return extract(json_capture(path), response);
}

constexpr std::string_view k_body = R"({"token":"abc","n":42,"ok":true,"none":null,
  "user":{"id":7,"roles":["admin","dev"],"name":"Ann \"A\""},
  "items":[{"id":1},{"id":2},{"id":3}],"a.b":"dotted","pi":3.5})";

TEST(JsonPathTest, TopLevelStringWithoutQuotes) {
  EXPECT_EQ(from_body("$.token", k_body), "abc");
}

TEST(JsonPathTest, NumbersAndBooleansAsJsonText) {
  EXPECT_EQ(from_body("$.n", k_body), "42");
  EXPECT_EQ(from_body("$.pi", k_body), "3.5");
  EXPECT_EQ(from_body("$.ok", k_body), "true");
  EXPECT_EQ(from_body("$.none", k_body), "null");
}

TEST(JsonPathTest, NestedKeys) {
  EXPECT_EQ(from_body("$.user.id", k_body), "7");
  EXPECT_EQ(from_body("$.user.name", k_body), "Ann \"A\"");
}

TEST(JsonPathTest, ArrayIndex) {
  EXPECT_EQ(from_body("$.items[1].id", k_body), "2");
  EXPECT_EQ(from_body("$.user.roles[0]", k_body), "admin");
}

TEST(JsonPathTest, NegativeIndexCountsFromTheEnd) {
  EXPECT_EQ(from_body("$.items[-1].id", k_body), "3");
  EXPECT_EQ(from_body("$.items[-3].id", k_body), "1");
  EXPECT_EQ(from_body("$.items[-4].id", k_body), std::nullopt);
}

TEST(JsonPathTest, BracketQuotedKeys) {
  EXPECT_EQ(from_body("$['a.b']", k_body), "dotted");
  EXPECT_EQ(from_body("$[\"user\"]['id']", k_body), "7");
}

TEST(JsonPathTest, ObjectsAndArraysAsCompactJson) {
  EXPECT_EQ(from_body("$.items[0]", k_body), R"({"id":1})");
  EXPECT_EQ(from_body("$.user.roles", k_body), R"(["admin","dev"])");
}

TEST(JsonPathTest, RootIsTheWholeDocument) {
  EXPECT_EQ(from_body("$", "[1,2]"), "[1,2]");
}

TEST(JsonPathTest, MissingPathGivesNothing) {
  EXPECT_EQ(from_body("$.nope", k_body), std::nullopt);
  EXPECT_EQ(from_body("$.items[9].id", k_body), std::nullopt);
  EXPECT_EQ(from_body("$.token.x", k_body), std::nullopt);
  EXPECT_EQ(from_body("$.user[0]", k_body), std::nullopt);
  EXPECT_EQ(from_body("$.items.id", k_body), std::nullopt);
}

TEST(JsonPathTest, BodyThatIsNotJsonGivesNothing) {
  EXPECT_EQ(from_body("$.token", "<html>"), std::nullopt);
  EXPECT_EQ(from_body("$.token", ""), std::nullopt);
}

TEST(JsonPathTest, CompileRejectsUnsupportedSyntax) {
  EXPECT_FALSE(compile_json_path("token").ok());
  EXPECT_FALSE(compile_json_path("$.").ok());
  EXPECT_FALSE(compile_json_path("$.a[").ok());
  EXPECT_FALSE(compile_json_path("$.a[x]").ok());
  EXPECT_FALSE(compile_json_path("$.a[*]").ok());
  EXPECT_FALSE(compile_json_path("$.*").ok());
  EXPECT_FALSE(compile_json_path("$['a'").ok());
  EXPECT_FALSE(compile_json_path("$a").ok());
}

TEST(JsonPathTest, CompileGivesSegments) {
  Result<std::vector<JsonPathSegment>> path = compile_json_path("$.a['b c'][-2]");
  ASSERT_TRUE(path.ok());
  ASSERT_EQ(path->size(), 3u);
  EXPECT_EQ((*path)[0].key, "a");
  EXPECT_EQ((*path)[1].key, "b c");
  EXPECT_EQ((*path)[2].kind, JsonPathSegment::Kind::index);
  EXPECT_EQ((*path)[2].index, -2);
}

TEST(HeaderCaptureTest, FindsHeaderCaseInsensitively) {
  Result<Capture> capture = make_capture("loc", CaptureSource::header, "location");
  ASSERT_TRUE(capture.ok());
  ResponseView response;
  response.headers =
      "HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nLocation:  /orders/9 \r\n\r\n";
  EXPECT_EQ(extract(*capture, response), "/orders/9");
}

TEST(HeaderCaptureTest, MissingHeaderGivesNothing) {
  Result<Capture> capture = make_capture("loc", CaptureSource::header, "Location");
  ASSERT_TRUE(capture.ok());
  ResponseView response;
  response.headers = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n";
  EXPECT_EQ(extract(*capture, response), std::nullopt);
}

TEST(HeaderCaptureTest, LastResponseWinsAfterARedirect) {
  ResponseView response;
  response.headers =
      "HTTP/1.1 302 Found\r\nLocation: /next\r\nX-Id: 1\r\n\r\nHTTP/1.1 200 OK\r\nX-Id: 2\r\n\r\n";
  EXPECT_EQ(response.header("x-id"), "2");
  EXPECT_EQ(response.header("Location"), std::nullopt);
}

TEST(RegexCaptureTest, FirstGroup) {
  Result<Capture> capture = make_capture("id", CaptureSource::regex, "id=(\\d+)");
  ASSERT_TRUE(capture.ok());
  ResponseView response;
  response.body = "<a href='/x?id=123&y=4'>";
  EXPECT_EQ(extract(*capture, response), "123");
}

TEST(RegexCaptureTest, WholeMatchWithoutGroup) {
  Result<Capture> capture = make_capture("n", CaptureSource::regex, "[0-9]+");
  ASSERT_TRUE(capture.ok());
  ResponseView response;
  response.body = "order 456 ready";
  EXPECT_EQ(extract(*capture, response), "456");
}

TEST(RegexCaptureTest, NoMatchGivesNothing) {
  Result<Capture> capture = make_capture("n", CaptureSource::regex, "id=(\\d+)");
  ASSERT_TRUE(capture.ok());
  ResponseView response;
  response.body = "nothing";
  EXPECT_EQ(extract(*capture, response), std::nullopt);
}

TEST(RegexCaptureTest, BadRegexIsALoadError) {
  Result<Capture> capture = make_capture("n", CaptureSource::regex, "(a");
  ASSERT_FALSE(capture.ok());
  EXPECT_NE(capture.error().message.find("bad regex"), std::string::npos);
}

TEST(RegexCaptureTest, BackReferencesAreALoadError) {
  Result<Capture> capture = make_capture("n", CaptureSource::regex, "(a)\\1");
  ASSERT_FALSE(capture.ok());
  EXPECT_NE(capture.error().message.find("bad regex"), std::string::npos);
}

TEST(RegexCaptureTest, LazyQuantifierStopsAtTheFirstQuote) {
  Result<Capture> capture = make_capture("t", CaptureSource::regex, "\"token\":\"(.*?)\"");
  ASSERT_TRUE(capture.ok());
  ResponseView response;
  response.body = R"({"token":"abc","x":"y"})";
  EXPECT_EQ(extract(*capture, response), "abc");
}

TEST(RegexCaptureTest, LongBodyIsSearchedWithinTheLimitWithoutCrashing) {
  Result<Capture> capture = make_capture("all", CaptureSource::regex, "(.*)");
  ASSERT_TRUE(capture.ok());
  std::string body(1024 * 1024, 'x');
  ResponseView response;
  response.body = body;
  std::optional<std::string> value = extract(*capture, response);
  ASSERT_TRUE(value.has_value());
  EXPECT_EQ(value->size(), k_regex_max_body_bytes);
}

TEST(ExtractAllTest, MixesSourcesInOrder) {
  std::vector<Capture> captures = {*make_capture("a", CaptureSource::json, "$.a"),
                                   *make_capture("h", CaptureSource::header, "X-H"),
                                   *make_capture("b", CaptureSource::json, "$.b[1]"),
                                   *make_capture("r", CaptureSource::regex, "\"a\":(\\d)")};
  ResponseView response;
  response.body = R"({"a":1,"b":[5,6]})";
  response.headers = "X-H: yes\r\n";
  std::vector<std::optional<std::string>> values;
  extract_all(captures, response, values);
  EXPECT_EQ(values, (std::vector<std::optional<std::string>>{"1", "yes", "6", "1"}));
}

TEST(ExtractAllTest, NonJsonBodyLeavesJsonCapturesEmpty) {
  std::vector<Capture> captures = {*make_capture("a", CaptureSource::json, "$.a")};
  ResponseView response;
  response.body = "not json";
  std::vector<std::optional<std::string>> values = {"stale"};
  extract_all(captures, response, values);
  ASSERT_EQ(values.size(), 1u);
  EXPECT_EQ(values[0], std::nullopt);
}

}  // namespace
}  // namespace perfgate::scenario
