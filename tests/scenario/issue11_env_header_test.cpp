// SPDX-License-Identifier: MIT
// Issue 11: a {{ env.NAME }} value is resolved at load time, so a line break or NUL in it is
// refused there (exit 2) instead of reaching a header or a URL.
#include <gtest/gtest.h>

#include <cstdlib>

#include "scenario/scenario_test_support.h"

namespace perfgate::scenario::test {
namespace {

class Issue11EnvTest : public ::testing::Test {
 protected:
  void SetUp() override { ::setenv("PERFGATE_ISSUE11_HOSTILE", "v1\r\nX-Evil: 1", 1); }
  void TearDown() override { ::unsetenv("PERFGATE_ISSUE11_HOSTILE"); }
};

TEST_F(Issue11EnvTest, LineBreakFromTheEnvironmentInAHeaderIsRefused) {
  auto result = parse(with_step(
      "      - get: /\n        headers: { X-Cap: \"{{ env.PERFGATE_ISSUE11_HOSTILE }}\" }\n"));
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("line break"), std::string::npos)
      << result.error().describe();
}

TEST_F(Issue11EnvTest, LineBreakFromTheEnvironmentInAPathIsRefused) {
  auto result = parse(with_step("      - get: /a/{{ env.PERFGATE_ISSUE11_HOSTILE }}\n"));
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("white space"), std::string::npos)
      << result.error().describe();
}

}  // namespace
}  // namespace perfgate::scenario::test
