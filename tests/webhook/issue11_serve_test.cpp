// SPDX-License-Identifier: MIT
// Issue 11: `serve` does not fall to one client. 32 half-sent connections from one address no
// longer starve /healthz or other clients; two different Content-Lengths are refused; a
// verdict written while serving is found (the index refreshes on change).
#include <arpa/inet.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>
#include <vector>

#include "perfgate/webhook/verdict_server.h"
#include "webhook/webhook_verdict_files.h"

namespace perfgate::webhook {
namespace {

using std::chrono::milliseconds;
using testing::verdict_for;
using testing::write_verdict;

// A connection from `from` (any 127.0.0.0/8 address) to the server; -1 when it fails.
int connect_from(const char* from, int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  ::inet_pton(AF_INET, from, &local.sin_addr);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

std::string exchange(int fd, const std::string& data) {
  ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
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

class Issue11ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_verdict(m_dir, "v.json",
                  verdict_for("checkout", "stress", "2026-02-01T00:00:00Z", stats::Status::fail));
    VerdictServerOptions options;
    options.verdict_dir = m_dir.path().string();
    options.listen = "127.0.0.1:0";
    options.read_timeout = milliseconds{20'000};  // the hostile connections outlive the test
    auto server = VerdictServer::start(options);
    ASSERT_TRUE(server.ok()) << server.error().message;
    m_server = std::move(*server);
  }
  void TearDown() override {
    for (int fd : m_hostile) ::close(fd);
  }
  // 32 connections from 127.0.0.2 that send half a request head and stop.
  void hold_every_slot() {
    for (int i = 0; i < 32; ++i) {
      int fd = connect_from("127.0.0.2", m_server->port());
      ASSERT_GE(fd, 0);
      ::send(fd, "GET /api/v1/verdict?scen", 24, MSG_NOSIGNAL);
      m_hostile.push_back(fd);
    }
    std::this_thread::sleep_for(milliseconds{200});  // let the server accept them all
  }

  test::TempDir m_dir;
  std::unique_ptr<VerdictServer> m_server;
  std::vector<int> m_hostile;
};

TEST_F(Issue11ServeTest, HealthAnswersWhileOneClientHoldsHalfSentConnections) {
  hold_every_slot();
  int fd = connect_from("127.0.0.1", m_server->port());
  ASSERT_GE(fd, 0);
  EXPECT_EQ(status_of(exchange(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")), 200);
}

TEST_F(Issue11ServeTest, OtherClientsStillGetVerdicts) {
  hold_every_slot();
  int fd = connect_from("127.0.0.1", m_server->port());
  ASSERT_GE(fd, 0);
  std::string reply =
      exchange(fd, "GET /api/v1/verdict?scenario=checkout HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(status_of(reply), 200) << reply;
}

TEST_F(Issue11ServeTest, TheHostileClientItselfCanStillAskForHealth) {
  hold_every_slot();
  int fd = connect_from("127.0.0.2", m_server->port());
  ASSERT_GE(fd, 0);
  int status = status_of(exchange(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_TRUE(status == 200 || status == 503) << status;  // answered either way, not hung
}

TEST_F(Issue11ServeTest, TwoDifferentContentLengthsAreRefused) {
  int fd = connect_from("127.0.0.1", m_server->port());
  ASSERT_GE(fd, 0);
  std::string reply = exchange(fd,
                               "POST /gate/check HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                               "Content-Length: 40\r\n\r\n{}");
  EXPECT_EQ(status_of(reply), 400) << reply;
}

TEST_F(Issue11ServeTest, AVerdictWrittenWhileServingIsFound) {
  int first = connect_from("127.0.0.1", m_server->port());
  ASSERT_GE(first, 0);
  EXPECT_EQ(
      status_of(exchange(first, "GET /api/v1/verdict?scenario=shop HTTP/1.1\r\nHost: x\r\n\r\n")),
      404);
  write_verdict(m_dir, "later.json",
                verdict_for("shop", "baseline", "2026-02-02T00:00:00Z", stats::Status::pass));
  int second = connect_from("127.0.0.1", m_server->port());
  ASSERT_GE(second, 0);
  EXPECT_EQ(
      status_of(exchange(second, "GET /api/v1/verdict?scenario=shop HTTP/1.1\r\nHost: x\r\n\r\n")),
      200);
}

TEST(Issue11ServeStartTest, APortBeyond65535IsBadInput) {
  test::TempDir dir;
  VerdictServerOptions options;
  options.verdict_dir = dir.path().string();
  options.listen = "127.0.0.1:99999";
  auto server = VerdictServer::start(options);
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.error().kind, ErrorKind::bad_input);
}

}  // namespace
}  // namespace perfgate::webhook
