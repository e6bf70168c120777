// SPDX-License-Identifier: MIT
#include "perfgate/engine/http_origin.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

namespace perfgate::engine {
namespace {

// A listening socket on `address` (an ephemeral port unless `port` is given); closed with it.
class Listener {
 public:
  Listener(int family, const char* address, uint16_t port = 0) {
    m_fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (family == AF_INET) {
      auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
      v4->sin_family = AF_INET;
      v4->sin_port = htons(port);
      inet_pton(AF_INET, address, &v4->sin_addr);
      length = sizeof(sockaddr_in);
    } else {
      auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
      v6->sin6_family = AF_INET6;
      v6->sin6_port = htons(port);
      inet_pton(AF_INET6, address, &v6->sin6_addr);
      length = sizeof(sockaddr_in6);
    }
    m_ok = m_fd >= 0 && bind(m_fd, reinterpret_cast<sockaddr*>(&storage), length) == 0 &&
           listen(m_fd, 16) == 0 &&
           getsockname(m_fd, reinterpret_cast<sockaddr*>(&storage), &length) == 0;
    m_port = family == AF_INET ? ntohs(reinterpret_cast<sockaddr_in*>(&storage)->sin_port)
                               : ntohs(reinterpret_cast<sockaddr_in6*>(&storage)->sin6_port);
  }
  ~Listener() {
    if (m_fd >= 0) close(m_fd);
  }
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;
  bool ok() const { return m_ok; }
  uint16_t port() const { return m_port; }

 private:
  int m_fd = -1;
  bool m_ok = false;
  uint16_t m_port = 0;
};

// getaddrinfo()-shaped entries of literal addresses, all on one port, in the order given.
class AddressList {
 public:
  AddressList(std::vector<std::pair<int, const char*>> addresses, uint16_t port)
      : m_storage(addresses.size()), m_entries(addresses.size()) {
    for (size_t i = 0; i < addresses.size(); ++i) {
      auto [family, text] = addresses[i];
      addrinfo& entry = m_entries[i];
      entry.ai_family = family;
      entry.ai_socktype = SOCK_STREAM;
      entry.ai_addr = reinterpret_cast<sockaddr*>(&m_storage[i]);
      if (family == AF_INET) {
        auto* v4 = reinterpret_cast<sockaddr_in*>(&m_storage[i]);
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        inet_pton(AF_INET, text, &v4->sin_addr);
        entry.ai_addrlen = sizeof(sockaddr_in);
      } else {
        auto* v6 = reinterpret_cast<sockaddr_in6*>(&m_storage[i]);
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        inet_pton(AF_INET6, text, &v6->sin6_addr);
        entry.ai_addrlen = sizeof(sockaddr_in6);
      }
    }
  }
  std::vector<const addrinfo*> entries() const {
    std::vector<const addrinfo*> out;
    for (const addrinfo& entry : m_entries) out.push_back(&entry);
    return out;
  }
  const addrinfo* at(size_t i) const { return &m_entries[i]; }

 private:
  std::vector<sockaddr_storage> m_storage;
  std::vector<addrinfo> m_entries;
};

TEST(HttpOriginTest, ANameWithOneAddressConnectsThereWithoutProbing) {
  // Nothing listens on the port: a single address is taken as it is, and the run reports why.
  AddressList one({{AF_INET, "127.0.0.1"}}, 1);
  EXPECT_EQ(detail::first_accepting(one.entries()), one.at(0));
}

TEST(HttpOriginTest, SeveralAddressesTakeTheFirstThatAcceptsAConnection) {
  Listener server(AF_INET, "127.0.0.1");
  ASSERT_TRUE(server.ok());
  // 127.0.0.2 is loopback too, but nothing listens there on this port: refused.
  AddressList list({{AF_INET, "127.0.0.2"}, {AF_INET, "127.0.0.1"}}, server.port());
  EXPECT_EQ(detail::first_accepting(list.entries()), list.at(1));
  AddressList reversed({{AF_INET, "127.0.0.1"}, {AF_INET, "127.0.0.2"}}, server.port());
  EXPECT_EQ(detail::first_accepting(reversed.entries()), reversed.at(0));
}

TEST(HttpOriginTest, AServerOnlyOnIpv6LoopbackIsFoundBehindAnIpv4FirstName) {
  // `localhost` resolving to ::1 and 127.0.0.1, with the server listening on ::1 only.
  Listener server(AF_INET6, "::1");
  if (!server.ok()) GTEST_SKIP() << "no IPv6 loopback on this machine";
  AddressList list({{AF_INET6, "::1"}, {AF_INET, "127.0.0.2"}}, server.port());
  EXPECT_EQ(detail::first_accepting(list.entries()), list.at(0));
}

TEST(HttpOriginTest, LocalhostIsBothLoopbackAddressesWhateverTheHostsFileSays) {
  // As libcurl resolves it: a server on ::1 only is found behind `localhost` even where the
  // hosts file names 127.0.0.1 alone.
  Listener server(AF_INET6, "::1");
  if (!server.ok()) GTEST_SKIP() << "no IPv6 loopback on this machine";
  auto origin = resolve_origin("http://LocalHost:" + std::to_string(server.port()) + "/");
  ASSERT_TRUE(origin) << origin.error().message;
  EXPECT_EQ(origin->address.ss_family, AF_INET6);
  EXPECT_EQ(origin->host, "LocalHost:" + std::to_string(server.port()));
}

TEST(HttpOriginTest, WhenNoAddressAcceptsTheFirstIpv4OneIsKept) {
  uint16_t closed_port = 0;
  {
    Listener gone(AF_INET, "127.0.0.1");
    ASSERT_TRUE(gone.ok());
    closed_port = gone.port();
  }
  AddressList list({{AF_INET6, "::1"}, {AF_INET, "127.0.0.1"}}, closed_port);
  EXPECT_EQ(detail::first_accepting(list.entries()), list.at(1));
}

TEST(HttpOriginTest, ResolvesTheHostHeaderAndTheOriginLength) {
  auto origin = resolve_origin("http://127.0.0.1:8080/api?x=1");
  ASSERT_TRUE(origin) << origin.error().message;
  EXPECT_EQ(origin->host, "127.0.0.1:8080");
  EXPECT_EQ(origin->origin_length, std::strlen("http://127.0.0.1:8080"));
  auto default_port = resolve_origin("http://[::1]/");
  ASSERT_TRUE(default_port) << default_port.error().message;
  EXPECT_EQ(default_port->host, "[::1]");
}

TEST(HttpOriginTest, RefusesWhatIsNotAnHttpUrl) {
  EXPECT_FALSE(resolve_origin("https://127.0.0.1/"));
  EXPECT_FALSE(resolve_origin("http://127.0.0.1:99999/"));
  EXPECT_FALSE(resolve_origin("http:///path"));
}

}  // namespace
}  // namespace perfgate::engine
