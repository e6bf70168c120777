// SPDX-License-Identifier: MIT
#include "perfgate/report/escape.h"

#include <gtest/gtest.h>

namespace perfgate::report {
namespace {

const std::string k_zwsp = "\u200b";

TEST(EscapeMarkdownTest, PipeIsEscapedForTables) {
  EXPECT_EQ(escape_markdown("a|b"), "a\\|b");
}

TEST(EscapeMarkdownTest, LineBreaksBecomeSpaces) {
  EXPECT_EQ(escape_markdown("a\nb\r\nc"), "a b  c");
}

TEST(EscapeMarkdownTest, HtmlBecomesEntities) {
  EXPECT_EQ(escape_markdown("<script>&"), "&lt;script&gt;&amp;");
}

TEST(EscapeMarkdownTest, MarkerCannotBeFaked) {
  EXPECT_EQ(escape_markdown("<!-- perf-gate:x -->").find("<!--"), std::string::npos);
}

TEST(EscapeMarkdownTest, MentionGetsZeroWidthSpace) {
  EXPECT_EQ(escape_markdown("@octocat"), "@" + k_zwsp + "octocat");
}

TEST(EscapeMarkdownTest, EmphasisAndLinksAreEscaped) {
  EXPECT_EQ(escape_markdown("*a* [x](y) `c`"), "\\*a\\* \\[x\\](y) \\`c\\`");
}

TEST(EscapeMarkdownTest, LongTextIsCutWithEllipsis) {
  std::string text = escape_markdown(std::string(500, 'a'));
  EXPECT_EQ(text, std::string(k_max_untrusted_chars, 'a') + "\u2026");
}

TEST(EscapeMarkdownTest, InvalidUtf8BecomesReplacementCharacter) {
  EXPECT_EQ(escape_markdown("a\xff"
                            "b"),
            "a\uFFFDb");
  EXPECT_EQ(escape_markdown("\xe2\x82"), "\uFFFD\uFFFD");
}

TEST(EscapeMarkdownTest, BidiOverridesAreDropped) {
  EXPECT_EQ(escape_markdown("a\u202Eb"), "ab");
}

TEST(MarkdownCodeTest, IsEscapedTextInCodeElement) {
  EXPECT_EQ(markdown_code("get_user|x"), "<code>get\\_user\\|x</code>");
}

TEST(MarkdownCodeTest, MentionAndMarkerAreBroken) {
  EXPECT_EQ(markdown_code("@team <!--"), "<code>@" + k_zwsp + "team &lt;!--</code>");
}

TEST(EscapeHtmlTest, EscapesMarkupAndQuotes) {
  EXPECT_EQ(escape_html("<a href=\"x\">'&"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;");
}

TEST(EscapeXmlTest, DropsCharactersXmlForbids) {
  EXPECT_EQ(escape_xml("a\x01"
                       "b\x1b"
                       "c"),
            "abc");
}

TEST(PlainLineTest, RemovesTerminalEscapesAndCollapsesSpaces) {
  EXPECT_EQ(plain_line("a\x1b[31m  b\n\nc "), "a [31m b c");
}

TEST(PlainLineTest, CutsToMaxChars) {
  EXPECT_EQ(plain_line("abcdef", 3), "abc\u2026");
}

TEST(SanitizeMarkerIdTest, KeepsSafeCharacters) {
  EXPECT_EQ(sanitize_marker_id("checkout/stress_1.0"), "checkout/stress_1.0");
}

TEST(SanitizeMarkerIdTest, ReplacesAndCollapsesOthers) {
  EXPECT_EQ(sanitize_marker_id("a --> b <!-- c"), "a-b-c");
  EXPECT_EQ(sanitize_marker_id("   "), "default");
}

TEST(SanitizeMarkerIdTest, IsAtMostHundredCharacters) {
  EXPECT_EQ(sanitize_marker_id(std::string(300, 'x')).size(), 100u);
}

TEST(ReportMarkerTest, IsAnHtmlComment) {
  EXPECT_EQ(report_marker("checkout/stress"), "<!-- perf-gate:checkout/stress -->");
  EXPECT_EQ(report_marker("x --> <script>"), "<!-- perf-gate:x-script -->");
}

TEST(DisplayWidthTest, CountsWideCharactersTwice) {
  EXPECT_EQ(display_width("abc"), 3u);
  EXPECT_EQ(display_width("→"), 1u);
  EXPECT_EQ(display_width("日本"), 4u);
}

}  // namespace
}  // namespace perfgate::report
