// SPDX-License-Identifier: MIT
#include "perfgate/net/url_origin.h"

#include <gtest/gtest.h>

namespace perfgate::net {
namespace {

TEST(UrlOriginTest, KeepsOnlySchemeHostAndPort) {
  EXPECT_EQ(url_origin("https://hooks.slack.com/services/T0/B0/secret"), "https://hooks.slack.com");
  EXPECT_EQ(url_origin("http://user:pw@127.0.0.1:8080/x?token=t"), "http://127.0.0.1:8080");
}

TEST(UrlOriginTest, SaysWhenTheUrlIsInvalid) {
  EXPECT_EQ(url_origin("::"), "<invalid URL>");
}

}  // namespace
}  // namespace perfgate::net
