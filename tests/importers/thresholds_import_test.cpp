// SPDX-License-Identifier: MIT
// k6 thresholds and Artillery `ensure` into perf-gate thresholds; what is written parses.
#include "perfgate/importers/thresholds_import.h"

#include <gtest/gtest.h>

#include "import_test_support.h"
#include "perfgate/stats/thresholds.h"
#include "support/hostile_yaml.h"

namespace perfgate::importers {
namespace {

using test::data_text;

std::vector<std::string> rules_of(const stats::ThresholdSet& set, const std::string& selector) {
  for (const auto& entry : set.common) {
    if (entry.selector.text != selector) continue;
    std::vector<std::string> texts;
    for (const auto& rule : entry.rules) texts.push_back(rule.text);
    return texts;
  }
  return {};
}

stats::ThresholdSet parsed(const ConvertedThresholds& converted) {
  auto set = stats::parse_thresholds(converted.yaml, "converted.yaml");
  EXPECT_TRUE(set.ok()) << set.error().describe() << "\n" << converted.yaml;
  return std::move(set).value_or_throw();
}

TEST(ThresholdsImportTest, K6FixtureKeepsWhatPerfGateCanEvaluate) {
  auto converted = convert_k6_thresholds_file(data_text("k6-thresholds.json"), "k6.json");
  ASSERT_TRUE(converted.ok()) << converted.error().describe();
  stats::ThresholdSet set = parsed(*converted);
  EXPECT_EQ(rules_of(set, "http_req_duration"),
            (std::vector<std::string>{"p(95)<200", "p(99)<500"}));
  EXPECT_EQ(rules_of(set, "http_req_failed"), std::vector<std::string>{"rate<0.01"});
  EXPECT_EQ(rules_of(set, "checks"), std::vector<std::string>{"rate>0.95"});
  EXPECT_EQ(converted->rules, 4);
}

TEST(ThresholdsImportTest, K6RulesPerfGateCannotEvaluateAreListedWithTheReason) {
  auto converted = convert_k6_thresholds_file(data_text("k6-thresholds.json"), "k6.json");
  ASSERT_TRUE(converted.ok());
  // Custom metrics (5 rules over 5 metrics) and the two sub-metrics by non-name tags.
  EXPECT_EQ(converted->skipped.size(), 8u);
  bool scenario_tag = false;
  for (const auto& s : converted->skipped)
    scenario_tag |= s.starts_with("http_req_duration{scenario:browse}: p(95)<100: ");
  EXPECT_TRUE(scenario_tag);
  EXPECT_NE(converted->yaml.find("# skipped: api_latency: p(90)<100"), std::string::npos);
}

TEST(ThresholdsImportTest, K6ObjectRulesKeepAbortOnFail) {
  auto converted = convert_k6_thresholds_file(
      R"({"thresholds": {"http_req_duration{name:login}": [{"threshold": "p(95)<300",
         "abortOnFail": true, "delayAbortEval": "10s"}]}})",
      "options.json");
  ASSERT_TRUE(converted.ok()) << converted.error().describe();
  stats::ThresholdSet set = parsed(*converted);
  ASSERT_EQ(set.common.size(), 1u);
  EXPECT_EQ(set.common[0].selector.endpoint, "login");
  EXPECT_TRUE(set.common[0].rules[0].abort_on_fail);
  EXPECT_EQ(set.common[0].rules[0].delay_abort_eval, std::chrono::seconds(10));
}

TEST(ThresholdsImportTest, K6NotAnObjectIsBadInput) {
  auto converted = convert_k6_thresholds_file(R"(["p(95)<300"])", "t.json");
  ASSERT_FALSE(converted.ok());
  EXPECT_EQ(converted.error().field, "thresholds");
}

TEST(ThresholdsImportTest, ArtilleryFixtureEnsure) {
  auto converted = convert_artillery_ensure(data_text("artillery-fixture.yml"), "a.yml");
  ASSERT_TRUE(converted.ok()) << converted.error().describe();
  stats::ThresholdSet set = parsed(*converted);
  EXPECT_EQ(rules_of(set, "http_req_duration"),
            (std::vector<std::string>{"p(99)<100", "p(95)<50"}));
  EXPECT_EQ(rules_of(set, "http_req_failed"), std::vector<std::string>{"rate<=0.01"});
  // "http.codes.500 < 1": no per-status metric; the second condition is strict: false.
  EXPECT_EQ(converted->skipped.size(), 2u);
}

TEST(ThresholdsImportTest, ArtilleryConditionsJoinedByAndAreSplit) {
  auto converted = convert_artillery_ensure(R"(config:
  ensure:
    conditions:
      - expression: "http.response_time.p95 < 250 and http.request_rate > 1000"
      - expression: "plugins.metrics-by-endpoint.response_time.login.median <= 80"
)",
                                            "a.yml");
  ASSERT_TRUE(converted.ok()) << converted.error().describe();
  stats::ThresholdSet set = parsed(*converted);
  EXPECT_EQ(rules_of(set, "http_req_duration"), std::vector<std::string>{"p(95)<250"});
  EXPECT_EQ(rules_of(set, "http_reqs"), std::vector<std::string>{"rate>1000"});
  EXPECT_EQ(rules_of(set, "http_req_duration{name:login}"), std::vector<std::string>{"med<=80"});
  EXPECT_TRUE(converted->skipped.empty());
}

TEST(ThresholdsImportTest, AnArtilleryAliasBombIsRefused) {
  auto converted = convert_artillery_ensure(perfgate::test::alias_bomb_yaml("scenarios"), "a.yml");
  ASSERT_FALSE(converted.ok());
  EXPECT_NE(converted.error().message.find("more than"), std::string::npos);
}

TEST(ThresholdsImportTest, ArtilleryLegacyKeys) {
  auto converted = convert_artillery_ensure(
      "config:\n  ensure:\n    p95: 200\n    maxErrorRate: 0.5\n", "a.yml");
  ASSERT_TRUE(converted.ok());
  stats::ThresholdSet set = parsed(*converted);
  EXPECT_EQ(rules_of(set, "http_req_duration"), std::vector<std::string>{"p(95)<200"});
  EXPECT_EQ(rules_of(set, "http_req_failed"), std::vector<std::string>{"rate<=0.005"});
}

TEST(ThresholdsImportTest, ArtilleryWithoutEnsureSaysWhatWasExpected) {
  auto converted = convert_artillery_ensure("config:\n  target: http://x\n", "a.yml");
  ASSERT_FALSE(converted.ok());
  EXPECT_EQ(converted.error().field, "config.ensure");
}

TEST(ThresholdsImportTest, InvalidYamlNamesTheLine) {
  auto converted = convert_artillery_ensure("config:\n  ensure: [\n", "a.yml");
  ASSERT_FALSE(converted.ok());
  EXPECT_GE(converted.error().location->line, 2);
}

// Found by fuzz/import_reports: a key with a line break ended the `# skipped:` comment, and
// bytes that are not UTF-8 made the JSON quoting throw.
TEST(ThresholdsImportTest, OddKeysStayInOneCommentAndBadUtf8IsReplaced) {
  auto converted = convert_artillery_ensure(
      "config:\n  ensure:\n    \"thr\\nesholds\": 1\n    thresholds:\n"
      "      - \"plugins.metrics-by-endpoint.response_time.\xff.p95\": 3\n",
      "a.yml");
  ASSERT_TRUE(converted.ok()) << converted.error().describe();
  EXPECT_EQ(converted->skipped.size(), 1u);
  stats::ThresholdSet set = parsed(*converted);
  ASSERT_EQ(set.common.size(), 1u);
  EXPECT_EQ(set.common[0].selector.endpoint, "\xef\xbf\xbd");  // U+FFFD
}

}  // namespace
}  // namespace perfgate::importers
