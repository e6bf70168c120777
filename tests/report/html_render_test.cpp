// SPDX-License-Identifier: MIT
// What a person sees: the HTML report of a failing run with many endpoints, rendered by
// headless Chromium at 1000 px, and the PR comment's Markdown rendered by cmark-gfm.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "perfgate/report/gfm.h"
#include "perfgate/report/html_report.h"
#include "perfgate/report/markdown_report.h"
#include "report/trend_fixtures.h"
#include "support/subprocess.h"
#include "support/test_paths.h"

namespace perfgate::report {
namespace {

constexpr const char* k_chromium = "/usr/bin/chromium";
constexpr int k_viewport_px = 1000;
// The checks table has 8 columns and the endpoints table 7 today; issue #12 aims at about 6.
constexpr size_t k_max_table_columns = 6;

// A failing run of 24 endpoints with long, realistic names; login slowed down.
struct ManyEndpoints {
  stats::Verdict verdict = test::failing_verdict();
  stats::Baseline baseline = history(6);
  results::RunResult current = make(1.4, 6);

  static results::RunResult make(double login_slowdown, int commit) {
    std::vector<test::EndpointShape> shapes{{"login", 300, 50, 0, login_slowdown, 30}};
    for (int i = 0; i < 23; ++i) {
      shapes.push_back(
          {fmt::format("GET /api/v2/catalogue/products/{{productId}}/variants/{}", i), 20.0 + i});
    }
    results::RunResult run = test::make_run(shapes, 60, fmt::format("{:040x}", commit + 1));
    run.meta.start_time = std::chrono::system_clock::time_point(std::chrono::hours(24 * commit));
    return run;
  }
  static stats::Baseline history(int runs) {
    std::optional<stats::Baseline> baseline;
    for (int commit = 0; commit < runs; ++commit) {
      baseline = stats::update_baseline(std::move(baseline), make(1.0, commit)).value();
    }
    return std::move(*baseline);
  }
  ReportInput input() const { return {verdict, &current, &baseline.latest, &baseline}; }
};

// The report with the test's own script, which measures the page and writes the numbers into
// the DOM for --dump-dom. The report's Content-Security-Policy forbids scripts, so this copy
// goes without it.
constexpr const char* k_measure_script = R"js(<script>
function digitsWidth(family) {
  const span = document.createElement('span');
  span.style.cssText = 'position:absolute;white-space:pre;font-size:40px' +
      (family ? ';font-family:' + family : '');
  span.textContent = '0123456789';
  document.querySelector('td').appendChild(span);
  const width = span.getBoundingClientRect().width;
  span.remove();
  return width;
}
const first = document.querySelector('main').firstElementChild;
const box = first.getBoundingClientRect();
const measured = {
  viewport: document.documentElement.clientWidth,
  scroll_width: document.documentElement.scrollWidth,
  first_tag: first.tagName,
  first_text: first.textContent,
  first_bottom: box.bottom,
  digits: digitsWidth(''),
  digits_emoji: digitsWidth('"Noto Color Emoji"'),
  digits_missing: digitsWidth('"No Such Font perf-gate"'),
  svg_font: getComputedStyle(document.querySelector('svg.chart text')).fontFamily,
  charts: document.querySelectorAll('svg.chart').length,
};
const out = document.createElement('pre');
out.id = 'perfgate-measurements';
out.textContent = JSON.stringify(measured);
document.body.appendChild(out);
</script>
)js";

std::string measuring_copy(std::string html) {
  size_t csp = html.find("<meta http-equiv=\"Content-Security-Policy\"");
  EXPECT_NE(csp, std::string::npos);
  if (csp != std::string::npos) html.erase(csp, html.find('>', csp) + 1 - csp);
  html.insert(html.rfind("</body>"), k_measure_script);
  return html;
}

class HtmlRenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(k_chromium)) {
      GTEST_SKIP() << "no " << k_chromium << " (scripts/setup.sh installs it)";
    }
  }

  // Loads the page at k_viewport_px wide and returns what the script measured. With
  // PERFGATE_SCREENSHOT_DIR set, the report (without the script) is kept there as
  // many-endpoints.html for a human to look at.
  nlohmann::json measure(const std::string& html) {
    std::string page = m_dir.file("report.html");
    std::ofstream(page) << measuring_copy(html);
    if (const char* keep = std::getenv("PERFGATE_SCREENSHOT_DIR"); keep != nullptr) {
      std::ofstream(std::filesystem::path(keep) / "many-endpoints.html") << html;
    }
    perfgate::test::ProcessOptions options;
    options.timeout = std::chrono::seconds(90);
    perfgate::test::ProcessResult result = perfgate::test::run_process(
        {k_chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + m_dir.file("profile"),
         fmt::format("--window-size={},900", k_viewport_px), "--virtual-time-budget=10000",
         "--dump-dom", "file://" + page},
        options);
    EXPECT_FALSE(result.timed_out);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    std::smatch match;
    static const std::regex k_measurements("<pre id=\"perfgate-measurements\">([^<]*)</pre>");
    if (!std::regex_search(result.out, match, k_measurements)) {
      ADD_FAILURE() << "no measurements in the DOM; stderr: " << result.err;
      return nlohmann::json::object();
    }
    // textContent of JSON: only &, < and > come back as entities, and < > cannot occur.
    std::string text = std::regex_replace(match[1].str(), std::regex("&amp;"), "&");
    text = std::regex_replace(text, std::regex("&quot;"), "\"");
    return nlohmann::json::parse(text);
  }

  perfgate::test::TempDir m_dir;
};

TEST_F(HtmlRenderTest, FitsA1000PxWindowWithoutSidewaysScrolling) {
  nlohmann::json page = measure(render_html(ManyEndpoints().input(), {}));
  ASSERT_TRUE(page.contains("viewport"));
  EXPECT_EQ(page["viewport"].get<int>(), k_viewport_px);
  EXPECT_LE(page["scroll_width"].get<int>(), page["viewport"].get<int>()) << page.dump();
  EXPECT_GE(page["charts"].get<int>(), 3 + 12 + 2) << "overview, per endpoint, trend";
}

TEST_F(HtmlRenderTest, DrawsDigitsFromATextFont) {
  nlohmann::json page = measure(render_html(ManyEndpoints().input(), {}));
  ASSERT_TRUE(page.contains("digits"));
  double digits = page["digits"].get<double>();
  // Text fonts draw a digit in about 0.55 em; emoji fonts in well over 1 em (40 px here).
  EXPECT_LT(digits / 10, 0.75 * 40) << page.dump();
  // Where an emoji font is installed (it draws differently from a missing font), the report's
  // digits must not be its digits.
  if (page["digits_emoji"].get<double>() != page["digits_missing"].get<double>()) {
    EXPECT_NE(digits, page["digits_emoji"].get<double>()) << page.dump();
  }
  EXPECT_EQ(page["svg_font"].get<std::string>().find("Emoji"), std::string::npos) << page.dump();
}

TEST_F(HtmlRenderTest, ShowsTheVerdictFirst) {
  nlohmann::json page = measure(render_html(ManyEndpoints().input(), {}));
  ASSERT_TRUE(page.contains("first_tag"));
  EXPECT_EQ(page["first_tag"], "H3");
  EXPECT_NE(page["first_text"].get<std::string>().find("FAIL"), std::string::npos) << page.dump();
  EXPECT_LT(page["first_bottom"].get<double>(), 200) << "the verdict is in the first lines";
}

// The PR comment, rendered as GitHub renders it.
TEST(MarkdownRenderTest, PutsTheVerdictInTheFirstBlock) {
  std::string html = markdown_to_html(render_markdown(ManyEndpoints().input(), {}));
  ASSERT_TRUE(html.starts_with("<h3>")) << html.substr(0, 200);
  std::string first = html.substr(0, html.find("</h3>"));
  EXPECT_NE(first.find("FAIL"), std::string::npos) << first;
  EXPECT_NE(first.find("login"), std::string::npos) << first;
}

TEST(MarkdownRenderTest, KeepsTablesNarrow) {
  std::string html = markdown_to_html(render_markdown(ManyEndpoints().input(), {}));
  static const std::regex k_header_row("<thead>\\s*<tr>([\\s\\S]*?)</tr>");
  size_t tables = 0;
  for (std::sregex_iterator it(html.begin(), html.end(), k_header_row), end; it != end; ++it) {
    ++tables;
    std::string row = (*it)[1].str();
    size_t columns = test::count_of(row, "<th");
    EXPECT_LE(columns, k_max_table_columns) << row;
  }
  EXPECT_GE(tables, 2u);
}

TEST(MarkdownRenderTest, FitsThePrCommentLimit) {
  std::string markdown = render_markdown(ManyEndpoints().input(), {});
  EXPECT_LE(markdown.size(), k_pr_comment_limit);
  EXPECT_NE(markdown.find("xychart-beta"), std::string::npos);
}

}  // namespace
}  // namespace perfgate::report
