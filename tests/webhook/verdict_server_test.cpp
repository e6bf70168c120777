// SPDX-License-Identifier: MIT
// The verdict server over real sockets on loopback: the libcurl client for well-formed
// requests, a raw socket for the malformed, oversized and slow ones.
#include "perfgate/webhook/verdict_server.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "perfgate/net/http_client.h"
#include "webhook/webhook_verdict_files.h"

namespace perfgate::webhook {
namespace {

using std::chrono::milliseconds;
using testing::verdict_for;
using testing::write_verdict;

// Sends `data` on a fresh connection (optionally pausing before the rest) and returns the
// whole reply, read for at most 10 s.
std::string raw_exchange(int port, const std::string& data, milliseconds pause = {}) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return "connect failed";
  }
  ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
  if (pause.count() > 0) std::this_thread::sleep_for(pause);
  std::string reply;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd pfd{fd, POLLIN, 0};
    if (::poll(&pfd, 1, 100) <= 0) continue;
    char buffer[4096];
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    reply.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return reply;
}

int status_of(const std::string& reply) {
  return reply.size() > 12 ? std::atoi(reply.substr(9, 3).c_str()) : 0;
}

class VerdictServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_verdict(m_dir, "v.json",
                  verdict_for("checkout", "stress", "2026-02-01T00:00:00Z", stats::Status::fail));
    VerdictServerOptions options;
    options.verdict_dir = m_dir.path().string();
    options.listen = "127.0.0.1:0";
    options.token = "s3cret";
    options.read_timeout = milliseconds{500};
    auto server = VerdictServer::start(options);
    ASSERT_TRUE(server.ok()) << server.error().message;
    m_server = std::move(*server);
  }

  Result<net::HttpResponse> get(const std::string& target, const std::string& token = "s3cret") {
    net::HttpRequest request;
    request.url = fmt::format("http://127.0.0.1:{}{}", m_server->port(), target);
    if (!token.empty()) request.headers = {{"Authorization", "Bearer " + token}};
    request.timeout = milliseconds{5000};
    return m_client->send(request);
  }

  test::TempDir m_dir;
  std::unique_ptr<VerdictServer> m_server;
  std::unique_ptr<net::HttpClient> m_client = net::make_curl_http_client();
};

TEST_F(VerdictServerTest, ListensOnTheEphemeralPortItReports) {
  EXPECT_GT(m_server->port(), 0);
  EXPECT_EQ(m_server->address(), fmt::format("127.0.0.1:{}", m_server->port()));
}

TEST_F(VerdictServerTest, ServesTheVerdictOverHttp) {
  auto response = get("/api/v1/verdict?scenario=checkout&profile=stress");
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(*response->header("content-type"), "application/json");
  auto data = nlohmann::json::parse(response->body)["data"];
  EXPECT_EQ(data["ok"], false);
  EXPECT_EQ(data["verdict"], "fail");
}

TEST_F(VerdictServerTest, RejectsMissingAndWrongTokens) {
  EXPECT_EQ(get("/api/v1/verdict?scenario=checkout", "")->status, 401);
  EXPECT_EQ(get("/api/v1/verdict?scenario=checkout", "guess")->status, 401);
  EXPECT_EQ(*get("/gate/check?scenario=checkout", "guess")->header("www-authenticate"), "Bearer");
}

TEST_F(VerdictServerTest, UnknownScenarioAndTraversalAre404) {
  EXPECT_EQ(get("/api/v1/verdict?scenario=unknown")->status, 404);
  EXPECT_EQ(get("/api/v1/verdict?scenario=..%2F..%2Fetc%2Fpasswd")->status, 404);
  std::string reply =
      raw_exchange(m_server->port(), "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(status_of(reply), 404) << reply;
}

TEST_F(VerdictServerTest, FlaggerGatesOverHttp) {
  EXPECT_EQ(get("/gate/check?scenario=checkout&profile=stress")->status, 403);
  EXPECT_EQ(get("/rollback/check?scenario=checkout&profile=stress")->status, 200);
  net::HttpRequest hook;
  hook.method = "POST";
  hook.url = fmt::format("http://127.0.0.1:{}/rollback/check", m_server->port());
  hook.headers = {{"Content-Type", "application/json"}};
  hook.body = R"({"name":"podinfo","namespace":"test","phase":"Progressing",)"
              R"("metadata":{"scenario":"checkout","profile":"stress","token":"s3cret"}})";
  auto response = m_client->send(hook);
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 200);
}

TEST_F(VerdictServerTest, OversizedHeadIs431) {
  std::string request =
      "GET /api/v1/verdict?scenario=checkout HTTP/1.1\r\nX-Big: " + std::string(20'000, 'a') +
      "\r\n\r\n";
  EXPECT_EQ(status_of(raw_exchange(m_server->port(), request)), 431);
}

TEST_F(VerdictServerTest, OversizedBodyIs413) {
  std::string body(100'000, 'x');
  std::string request =
      fmt::format("POST /gate/check HTTP/1.1\r\nContent-Length: {}\r\n\r\n{}", body.size(), body);
  EXPECT_EQ(status_of(raw_exchange(m_server->port(), request)), 413);
}

TEST_F(VerdictServerTest, ChunkedBodyIs411) {
  std::string request = "POST /gate/check HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
  EXPECT_EQ(status_of(raw_exchange(m_server->port(), request)), 411);
}

TEST_F(VerdictServerTest, SlowHeadTimesOutWith408) {
  std::string reply = raw_exchange(m_server->port(), "GET /healthz HTTP/1.1\r\nHost:");
  EXPECT_EQ(status_of(reply), 408) << reply;
}

TEST_F(VerdictServerTest, GarbageIs400) {
  EXPECT_EQ(status_of(raw_exchange(m_server->port(), "HELLO\r\n\r\n")), 400);
}

TEST_F(VerdictServerTest, OtherMethodsAre405) {
  std::string reply =
      raw_exchange(m_server->port(), "DELETE /api/v1/verdict?scenario=checkout HTTP/1.1\r\n\r\n");
  EXPECT_EQ(status_of(reply), 405);
  EXPECT_NE(reply.find("Allow: GET, HEAD"), std::string::npos);
}

TEST_F(VerdictServerTest, StopsWhileAClientIsConnected) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(m_server->port()));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  m_server->stop();  // returns although the client never sent a byte
  m_server->stop();  // idempotent
  ::close(fd);
  EXPECT_FALSE(get("/healthz").ok());  // nothing listens any more
}

TEST(VerdictServerStartTest, BadListenAddressIsBadInput) {
  for (const char* listen : {"localhost:8080", "127.0.0.1", "127.0.0.1:http", "nonsense"}) {
    VerdictServerOptions options;
    options.listen = listen;
    auto server = VerdictServer::start(options);
    ASSERT_FALSE(server.ok()) << listen;
    EXPECT_EQ(server.error().kind, ErrorKind::bad_input) << listen;
  }
}

TEST(VerdictServerStartTest, PortInUseIsRuntimeError) {
  VerdictServerOptions options;
  options.listen = "127.0.0.1:0";
  auto first = VerdictServer::start(options);
  ASSERT_TRUE(first.ok());
  options.listen = (*first)->address();
  // SO_REUSEADDR does not allow two listeners on one port.
  auto second = VerdictServer::start(options);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().kind, ErrorKind::runtime);
}

}  // namespace
}  // namespace perfgate::webhook
