// SPDX-License-Identifier: MIT
#include "perfgate/report/html_report.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "perfgate/report/html_charts.h"
#include "report/report_fixtures.h"
#include "support/test_paths.h"

namespace perfgate::report {
namespace {

using test::count_of;

struct Runs : test::FailingRuns {
  stats::Verdict verdict = test::failing_verdict();
  std::string html() const { return render_html({verdict, &current, &baseline}, {}); }
};

TEST(HtmlReportTest, IsSelfContained) {
  std::string html = Runs().html();
  for (const char* external : {"src=\"http", "href=\"http", "src='http", "href='http", "url(",
                               "@import", "<script", "<link", "<iframe", "<object"}) {
    EXPECT_EQ(count_of(html, external), 0u) << external;
  }
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
}

TEST(HtmlReportTest, HasThreeChartsOnePerEndpointAndTheMarkdownTables) {
  std::string html = Runs().html();
  EXPECT_EQ(count_of(html, "<svg class=\"chart\""), 3u + 3u);
  EXPECT_GE(count_of(html, "<table>"), 3u);
  EXPECT_EQ(count_of(html, "```mermaid"), 0u);
  EXPECT_EQ(count_of(html, "perf-gate:charts"), 0u);
}

TEST(HtmlReportTest, SupportsDarkModeAndPhones) {
  std::string html = Runs().html();
  EXPECT_NE(html.find("prefers-color-scheme:dark"), std::string::npos);
  EXPECT_NE(html.find("name=\"viewport\""), std::string::npos);
}

TEST(HtmlReportTest, DigitsComeFromATextFontNotAnEmojiFont) {
  // With Debian's emoji and DejaVu fonts, an emoji font in the list drew digits and spaces
  // ("2 0 2 6 - 1 2") and widened every table; emoji still render through the system fallback.
  std::string html = Runs().html();
  size_t font = html.find("font:15px");
  ASSERT_NE(font, std::string::npos);
  std::string stack = html.substr(font, html.find('}', font) - font);
  EXPECT_EQ(stack.find("Emoji"), std::string::npos) << stack;
  EXPECT_LT(stack.find("DejaVu Sans"), stack.find("sans-serif")) << stack;
}

TEST(HtmlReportTest, EscapesHostileNamesEverywhere) {
  const std::string hostile = "<script>alert(1)</script><img src=x onerror=alert(1)>";
  Runs runs;
  runs.current = test::make_run({{hostile, 10}}, 10);
  runs.verdict.checks[0].endpoint = hostile;
  runs.verdict.current.scenario = hostile;
  std::string html = runs.html();
  EXPECT_EQ(count_of(html, "<script"), 0u);
  EXPECT_EQ(count_of(html, "<img"), 0u);
}

TEST(HtmlReportTest, VerdictAloneHasNoCharts) {
  stats::Verdict verdict = test::failing_verdict();
  std::string html = render_html({verdict}, {});
  EXPECT_EQ(count_of(html, "<svg"), 0u);
  EXPECT_NE(html.find("<table>"), std::string::npos);
}

TEST(LoadStagesTest, FindsRampHoldAndRampDown) {
  results::RunResult run = test::make_run({{"a", 10, 5}}, 50);
  std::vector<SvgBand> stages = load_stages(total_series(run, 0));
  ASSERT_EQ(stages.size(), 3u);
  EXPECT_EQ(stages[0].label, "ramp-up");
  EXPECT_EQ(stages[1].label, "steady");
  EXPECT_EQ(stages[2].label, "ramp-down");
  EXPECT_DOUBLE_EQ(stages[0].from, 0);
  EXPECT_DOUBLE_EQ(stages[2].to, 49);
}

TEST(NiceTicksTest, UsesRoundSteps) {
  EXPECT_EQ(nice_ticks(0, 569, 5), (std::vector<double>{0, 200, 400, 600}));
  EXPECT_EQ(nice_ticks(0, 1000, 5), (std::vector<double>{0, 200, 400, 600, 800, 1000}));
  std::vector<double> small = nice_ticks(0, 1, 5);
  ASSERT_EQ(small.size(), 6u);
  EXPECT_DOUBLE_EQ(small[3], 0.6);
}

// Loads the report in a real headless Chromium and takes a screenshot; with
// PERFGATE_SCREENSHOT_DIR set, the PNGs are kept there for a human to look at.
class ChromiumTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists("/usr/bin/chromium")) {
      GTEST_SKIP() << "no /usr/bin/chromium (scripts/setup.sh installs it)";
    }
  }

  std::filesystem::path screenshot(const std::string& html, const std::string& name,
                                   const std::string& size, const std::string& extra = "") {
    std::string page = m_dir.file(name + ".html");
    std::ofstream(page) << html;
    std::string png = m_dir.file(name + ".png");
    std::string command =
        "timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic "
        "--no-first-run --disable-background-networking --disable-component-update --disable-sync "
        "--hide-scrollbars --user-data-dir=" +
        m_dir.file("profile-" + name) + " " + extra + " --screenshot=" + png +
        " --window-size=" + size + " file://" + page + " >" + m_dir.file(name + ".log") + " 2>&1";
    int status = std::system(command.c_str());
    EXPECT_EQ(status, 0) << command;
    if (const char* keep = std::getenv("PERFGATE_SCREENSHOT_DIR");
        keep != nullptr && std::filesystem::exists(png)) {
      std::filesystem::copy_file(png, std::filesystem::path(keep) / (name + ".png"),
                                 std::filesystem::copy_options::overwrite_existing);
    }
    return png;
  }

  perfgate::test::TempDir m_dir;
};

// A PNG that Chromium wrote and that holds a real page, not a blank one: blank 1280×2000
// screenshots compress to a few KiB.
void expect_rendered_png(const std::filesystem::path& png) {
  ASSERT_TRUE(std::filesystem::exists(png));
  std::ifstream in(png, std::ios::binary);
  char magic[8] = {};
  in.read(magic, 8);
  EXPECT_EQ(std::string(magic + 1, 3), "PNG");
  EXPECT_GT(std::filesystem::file_size(png), 40'000u);
}

TEST_F(ChromiumTest, RendersOnALaptop) {
  expect_rendered_png(screenshot(Runs().html(), "laptop", "1280,2000"));
}

TEST_F(ChromiumTest, RendersOnAPhone) {
  expect_rendered_png(screenshot(Runs().html(), "phone", "390,2400"));
}

TEST_F(ChromiumTest, RendersInDarkMode) {
  expect_rendered_png(screenshot(Runs().html(), "dark", "1280,2000", "--force-dark-mode"));
}

}  // namespace
}  // namespace perfgate::report
