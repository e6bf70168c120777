// SPDX-License-Identifier: MIT
// Issue 11: untrusted text reaching a console can neither drive the terminal nor issue GitHub
// Actions workflow commands.
#include <gtest/gtest.h>

#include "perfgate/util/log.h"

namespace perfgate::util {
namespace {

TEST(Issue11ConsoleTextTest, PlainTextIsUnchanged) {
  EXPECT_EQ(console_text("login: p95 12.3 ms\nsecond line\tok"),
            "login: p95 12.3 ms\nsecond line\tok");
}

TEST(Issue11ConsoleTextTest, EscapeSequencesAndCarriageReturnsAreShownEscaped) {
  EXPECT_EQ(console_text("a\x1b[2Jb\rc\x7f"), "a\\x1b[2Jb\\rc\\x7f");
  EXPECT_EQ(console_text("csi\xc2\x9b"
                         "31m"),
            "csi\\u009b31m");
}

TEST(Issue11ConsoleTextTest, WorkflowCommandsAtALineStartAreBroken) {
  std::string safe =
      console_text("key a\n::set-output name=verdict::pass\n  ::error::x\n##[group]");
  EXPECT_EQ(safe.find("\n::"), std::string::npos) << safe;
  EXPECT_EQ(safe.find("\n  ::"), std::string::npos) << safe;
  EXPECT_EQ(safe.find("\n##["), std::string::npos) << safe;
  EXPECT_NE(safe.find(":\u200b:set-output"), std::string::npos) << safe;
}

TEST(Issue11ConsoleTextTest, DoubleColonsInsideALineAreKept) {
  EXPECT_EQ(console_text("std::vector at line start? no"), "std::vector at line start? no");
}

}  // namespace
}  // namespace perfgate::util
