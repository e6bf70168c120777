// SPDX-License-Identifier: MIT
// The REST client against the fake GitHub server on loopback: real libcurl, real sockets.
#include "perfgate/github/github_client.h"

#include <gtest/gtest.h>

#include "support/fake_github_server.h"

namespace perfgate::github {
namespace {

using std::chrono::milliseconds;
using test::FakeGitHubServer;
using test::Fault;
using test::FaultKind;

class GitHubClientTest : public ::testing::Test {
 protected:
  GitHubClientTest() : m_http(net::make_curl_http_client()) {}

  GitHubClient client(FakeGitHubServer& server) {
    GitHubClientOptions options;
    options.api_url = server.api_url();
    options.token = server.config().token;
    options.retry.initial_backoff = milliseconds{1};
    options.retry.max_total = milliseconds{60'000};
    // Record waits instead of sleeping them: tests never depend on wall-clock speed.
    return GitHubClient(*m_http, options, [this](milliseconds wait) { m_waits.push_back(wait); });
  }

  Repository repo() const { return {"Codertocat", "Hello-World"}; }

  std::unique_ptr<net::HttpClient> m_http;
  std::vector<milliseconds> m_waits;
};

TEST_F(GitHubClientTest, SendsRequiredHeaders) {
  FakeGitHubServer server;
  auto gh = client(server);
  ASSERT_TRUE(gh.list_all(repo().api_path() + "/issues/2/comments").ok());
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].headers["accept"], "application/vnd.github+json");
  EXPECT_EQ(requests[0].headers["x-github-api-version"], "2022-11-28");
  EXPECT_EQ(requests[0].headers["user-agent"].rfind("perf-gate/", 0), 0u);
  EXPECT_EQ(requests[0].headers["authorization"], "Bearer " + server.config().token);
  EXPECT_TRUE(server.violations().empty());
}

TEST_F(GitHubClientTest, FollowsLinkPagination) {
  FakeGitHubServer server;
  for (int i = 0; i < 230; ++i) server.add_comment(2, "comment " + std::to_string(i), "someone");
  auto gh = client(server);
  auto all = gh.list_all(repo().api_path() + "/issues/2/comments");
  ASSERT_TRUE(all.ok()) << all.error().describe();
  EXPECT_EQ(all->size(), 230u);
  EXPECT_EQ(server.requests().size(), 3u);  // 100 + 100 + 30
}

TEST_F(GitHubClientTest, FollowsRepositoriesStyleLinks) {
  test::FakeGitHubConfig config;
  config.repositories_links = true;
  FakeGitHubServer server(config);
  for (int i = 0; i < 150; ++i) server.add_comment(2, "c", "someone");
  auto gh = client(server);
  auto all = gh.list_all(repo().api_path() + "/issues/2/comments");
  ASSERT_TRUE(all.ok()) << all.error().describe();
  EXPECT_EQ(all->size(), 150u);
  EXPECT_NE(server.requests()[1].path.find("/repositories/"), std::string::npos);
}

TEST(GitHubClientLinkTest, ParsesNextAmongOtherRels) {
  EXPECT_EQ(
      parse_next_link(
          R"(<https://a/x?page=1>; rel="prev", <https://a/x?page=3>; rel="next", <https://a/x?page=9>; rel="last")"),
      "https://a/x?page=3");
  EXPECT_EQ(parse_next_link(R"(<https://a/x?page=9>; rel="last")"), "");
}

TEST_F(GitHubClientTest, RetriesServerErrors) {
  FakeGitHubServer server;
  server.inject({FaultKind::internal_error, "GET", "", 1});
  server.inject({FaultKind::bad_gateway, "GET", "", 1});
  auto gh = client(server);
  auto all = gh.list_all(repo().api_path() + "/issues/2/comments");
  ASSERT_TRUE(all.ok()) << all.error().describe();
  EXPECT_EQ(server.requests().size(), 3u);
  EXPECT_EQ(m_waits.size(), 2u);
}

TEST_F(GitHubClientTest, WaitsForPrimaryRateLimitReset) {
  FakeGitHubServer server;
  Fault fault{FaultKind::primary_rate_limit, "", "", 1};
  fault.reset_after = std::chrono::seconds(5);
  server.inject(fault);
  auto gh = client(server);
  ASSERT_TRUE(gh.list_all(repo().api_path() + "/issues/2/comments").ok());
  ASSERT_EQ(m_waits.size(), 1u);
  // reset is whole seconds, plus one second of margin.
  EXPECT_GE(m_waits[0], milliseconds{4'000});
  EXPECT_LE(m_waits[0], milliseconds{6'500});
}

TEST_F(GitHubClientTest, HonoursRetryAfterOnSecondaryLimitAnd429) {
  FakeGitHubServer server;
  Fault secondary{FaultKind::secondary_rate_limit, "", "", 1};
  secondary.retry_after = std::chrono::seconds(3);
  Fault too_many{FaultKind::too_many_requests, "", "", 1};
  too_many.retry_after = std::chrono::seconds(2);
  server.inject(secondary);
  server.inject(too_many);
  auto gh = client(server);
  ASSERT_TRUE(gh.list_all(repo().api_path() + "/issues/2/comments").ok());
  ASSERT_EQ(m_waits.size(), 2u);
  EXPECT_EQ(m_waits[0], milliseconds{3'000});
  EXPECT_EQ(m_waits[1], milliseconds{2'000});
}

TEST_F(GitHubClientTest, DoesNotWaitForAFarRateLimitReset) {
  FakeGitHubServer server;
  Fault fault{FaultKind::primary_rate_limit, "", "", 1};
  fault.reset_after = std::chrono::seconds(3600);
  server.inject(fault);
  auto gh = client(server);
  auto all = gh.list_all(repo().api_path() + "/issues/2/comments");
  ASSERT_FALSE(all.ok());
  EXPECT_NE(all.error().message.find("403"), std::string::npos);
  EXPECT_TRUE(m_waits.empty());
}

TEST_F(GitHubClientTest, DoesNotRetryOtherClientErrors) {
  FakeGitHubServer server;
  auto gh = client(server);
  auto response = gh.call("POST", repo().api_path() + "/issues/999/comments", Json{{"body", "x"}});
  ASSERT_FALSE(response.ok());
  EXPECT_NE(response.error().message.find("404"), std::string::npos);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST_F(GitHubClientTest, TimesOutOnSlowResponseAndRetries) {
  FakeGitHubServer server;
  server.inject({FaultKind::slow, "GET", "", 1, {}, {}, milliseconds{3'000}});
  GitHubClientOptions options;
  options.api_url = server.api_url();
  options.token = server.config().token;
  options.timeout = milliseconds{300};
  options.retry.initial_backoff = milliseconds{1};
  GitHubClient gh(*m_http, options, [](milliseconds) {});
  auto all = gh.list_all(repo().api_path() + "/issues/2/comments");
  ASSERT_TRUE(all.ok()) << all.error().describe();
  EXPECT_EQ(gh.requests_sent(), 2);
}

TEST_F(GitHubClientTest, TokenNeverAppearsInErrors) {
  GitHubClientOptions options;
  options.api_url = "http://127.0.0.1:1";  // nothing listens on port 1
  options.token = "ghp_secretTokenValue123";
  options.retry.max_attempts = 2;
  options.retry.initial_backoff = milliseconds{1};
  GitHubClient gh(*m_http, options, [](milliseconds) {});
  auto response = gh.call("GET", "/repos/o/r/issues");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().describe().find("ghp_secretTokenValue123"), std::string::npos);
}

TEST_F(GitHubClientTest, RefusesLinksToAnotherOrigin) {
  FakeGitHubServer server;
  auto gh = client(server);
  auto response = gh.request("GET", "http://evil.example/repos/o/r/issues");
  ASSERT_FALSE(response.ok());
  EXPECT_TRUE(server.requests().empty());
}

TEST(GitHubRedactTest, ReplacesEveryOccurrence) {
  EXPECT_EQ(redact("a tok b tok", "tok"), "a *** b ***");
  EXPECT_EQ(redact("nothing", ""), "nothing");
}

}  // namespace
}  // namespace perfgate::github
