// SPDX-License-Identifier: MIT
#include "perfgate/stats/thresholds.h"

#include <gtest/gtest.h>

#include "stats/run_builder.h"
#include "support/hostile_yaml.h"

namespace perfgate::stats {
namespace {

ThresholdSet parse_ok(const std::string& text) {
  Result<ThresholdSet> set = parse_thresholds(text, "t.yaml");
  EXPECT_TRUE(set.ok()) << (set.ok() ? "" : set.error().describe());
  return set.ok() ? *set : ThresholdSet{};
}

Error parse_error(const std::string& text) {
  Result<ThresholdSet> set = parse_thresholds(text, "t.yaml");
  EXPECT_FALSE(set.ok());
  return set.ok() ? Error{} : set.error();
}

TEST(ThresholdsTest, AnAliasBombIsRefusedInsteadOfWalkedForHours) {
  Error error = parse_error(test::alias_bomb_yaml("http_req_duration"));
  EXPECT_EQ(error.kind, ErrorKind::bad_input);
  EXPECT_NE(error.message.find("more than"), std::string::npos) << error.describe();
}

TEST(ThresholdsTest, InputYamlCppLoopsOnIsASyntaxErrorWithItsPosition) {
  Error error = parse_error("[],");
  ASSERT_TRUE(error.location.has_value());
  EXPECT_EQ(error.location->line, 1);
  EXPECT_EQ(error.location->column, 3);
}

TEST(ThresholdsTest, SeveralDocumentsAreRefused) {
  Error error = parse_error("http_reqs: ['count>1']\n---\nhttp_reqs: ['count>2']\n");
  EXPECT_NE(error.message.find("not several"), std::string::npos) << error.describe();
  EXPECT_EQ(error.location->line, 2);
}

TEST(ThresholdsTest, ParsesPlainK6Mapping) {
  ThresholdSet set = parse_ok(
      "http_req_duration: [\"p(95)<500\", \"p(99.9) <= 2000\", \"avg<200\"]\n"
      "http_req_failed: ['rate<0.005']\n");
  ASSERT_EQ(set.common.size(), 2u);
  const ThresholdEntry& duration = set.common[0];
  EXPECT_EQ(duration.selector.metric, "http_req_duration");
  ASSERT_EQ(duration.rules.size(), 3u);
  EXPECT_EQ(duration.rules[0].aggregation, Aggregation::percentile);
  EXPECT_DOUBLE_EQ(duration.rules[0].percentile, 95);
  EXPECT_EQ(duration.rules[0].comparison, Comparison::less);
  EXPECT_DOUBLE_EQ(duration.rules[0].limit, 500);
  EXPECT_DOUBLE_EQ(duration.rules[1].percentile, 99.9);
  EXPECT_EQ(duration.rules[1].comparison, Comparison::less_equal);
  EXPECT_EQ(set.common[1].rules[0].aggregation, Aggregation::rate);
}

TEST(ThresholdsTest, ParsesJson) {
  ThresholdSet set =
      parse_ok(R"({"http_reqs": ["rate>500", "count>=100"], "checks": ["rate>0.99"]})");
  ASSERT_EQ(set.common.size(), 2u);
  EXPECT_EQ(set.common[0].rules[0].comparison, Comparison::greater);
  EXPECT_EQ(set.common[0].rules[1].aggregation, Aggregation::count);
}

TEST(ThresholdsTest, ParsesObjectFormInBothSpellings) {
  ThresholdSet set = parse_ok(
      "http_req_duration:\n"
      "  - threshold: p(95)<500\n"
      "    abortOnFail: true\n"
      "    delayAbortEval: 10s\n"
      "  - {threshold: 'max<3000', abort_on_fail: true, delay_abort_eval: 1m}\n");
  const auto& rules = set.common[0].rules;
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_TRUE(rules[0].abort_on_fail);
  EXPECT_EQ(rules[0].delay_abort_eval, std::chrono::seconds{10});
  EXPECT_EQ(rules[1].aggregation, Aggregation::max);
  EXPECT_EQ(rules[1].delay_abort_eval, std::chrono::minutes{1});
}

TEST(ThresholdsTest, ParsesEndpointTag) {
  ThresholdSet set = parse_ok("http_req_duration{name:login}: [\"p(95)<300\"]\n");
  EXPECT_EQ(set.common[0].selector.endpoint, "login");
  EXPECT_EQ(set.common[0].selector.text, "http_req_duration{name:login}");
}

TEST(ThresholdsTest, ProfileSectionOverridesTheSameRuleOfTheDefault) {
  ThresholdSet set = parse_ok(
      "default:\n"
      "  http_req_failed: [\"rate<0.005\"]\n"
      "  http_req_duration: [\"p(95)<500\"]\n"
      "stress:\n"
      "  http_req_failed: [\"rate<0.01\"]\n");
  std::vector<ThresholdEntry> stress = set.for_profile("stress");
  ASSERT_EQ(stress.size(), 2u);
  EXPECT_EQ(stress[0].selector.metric, "http_req_duration");
  EXPECT_DOUBLE_EQ(stress[1].rules[0].limit, 0.01);
  std::vector<ThresholdEntry> other = set.for_profile("soak");
  ASSERT_EQ(other.size(), 2u);
  EXPECT_DOUBLE_EQ(other[0].rules[0].limit, 0.005);
}

TEST(ThresholdsTest, ParsesTolerancesSection) {
  ThresholdSet set = parse_ok(
      "tolerances:\n"
      "  default: 15%\n"
      "  p99: 0.25\n"
      "  endpoints:\n"
      "    login: 0.2\n"
      "    search: {p95: 30%}\n");
  ASSERT_TRUE(set.tolerances.has_value());
  const Tolerances& t = *set.tolerances;
  EXPECT_DOUBLE_EQ(t.for_check("cart", "p50_ms"), 0.15);
  EXPECT_DOUBLE_EQ(t.for_check("cart", "p99_ms"), 0.25);
  EXPECT_DOUBLE_EQ(t.for_check("login", "p99_ms"), 0.2);
  EXPECT_DOUBLE_EQ(t.for_check("search", "p95_ms"), 0.3);
  EXPECT_DOUBLE_EQ(t.for_check("search", "p50_ms"), 0.15);
}

TEST(ThresholdsTest, BadExpressionNamesLineColumnAndField) {
  Error error = parse_error("stress:\n  http_req_duration: [\"p(95)<500\", \"p95 < 300\"]\n");
  ASSERT_TRUE(error.location.has_value());
  EXPECT_EQ(error.location->line, 2);
  EXPECT_EQ(error.location->column, 36);
  EXPECT_EQ(error.field, "stress.http_req_duration[1]");
  EXPECT_NE(error.message.find("unknown aggregation 'p95'"), std::string::npos) << error.message;
}

TEST(ThresholdsTest, RejectsUnknownMetric) {
  Error error =
      parse_error("http_req_duration: [\"p(95)<500\"]\nhttp_req_latency: [\"p(95)<1\"]\n");
  EXPECT_EQ(error.location->line, 2);
  EXPECT_EQ(error.location->column, 1);
  EXPECT_NE(error.message.find("unknown metric 'http_req_latency'"), std::string::npos);
}

TEST(ThresholdsTest, AMisspelledMetricGetsTheLikelyName) {
  Error error = parse_error("http_req_duraton: [\"p(95)<500\"]\n");
  EXPECT_NE(error.message.find("did you mean 'http_req_duration'?"), std::string::npos)
      << error.message;
}

// Thresholds are read through the scenario's YAML reader: the same did-you-mean and duplicate-key
// handling, with the position of the offending key.
TEST(ThresholdsTest, AMisspelledToleranceKeyGetsTheLikelyName) {
  Error error = parse_error("tolerances:\n  default: 0.1\n  error_rat: 0.2\n");
  EXPECT_EQ(error.field, "tolerances.error_rat");
  EXPECT_EQ(error.location->line, 3);
  EXPECT_NE(error.message.find("did you mean 'error_rate'?"), std::string::npos) << error.message;
}

TEST(ThresholdsTest, ADuplicateKeyInAProfileSectionIsRefused) {
  Error error = parse_error(
      "stress:\n  http_req_duration: [\"p(95)<500\"]\n  http_req_duration: [\"p(99)<900\"]\n");
  EXPECT_EQ(error.field, "stress.http_req_duration");
  EXPECT_EQ(error.location->line, 3);
  EXPECT_NE(error.message.find("duplicate key"), std::string::npos) << error.message;
}

TEST(ThresholdsTest, AMisspelledRuleObjectKeyGetsTheLikelyName) {
  Error error =
      parse_error("http_req_duration:\n  - threshold: \"p(95)<500\"\n    abortOnFial: true\n");
  EXPECT_EQ(error.field, "http_req_duration[0].abortOnFial");
  EXPECT_NE(error.message.find("did you mean 'abortOnFail'?"), std::string::npos) << error.message;
}

TEST(ThresholdsTest, AKeyThatIsNotAStringIsRefusedEvenWhenItIsTheOnlyOne) {
  Error error = parse_error("~: [\"p(95)<500\"]\n");
  EXPECT_NE(error.message.find("keys must be plain strings"), std::string::npos) << error.message;
}

TEST(ThresholdsTest, OneRuleOptionSpelledTwoWaysIsADuplicate) {
  Error error = parse_error(
      "http_req_duration:\n  - threshold: \"p(95)<500\"\n    abortOnFail: true\n"
      "    abort_on_fail: false\n");
  EXPECT_EQ(error.field, "http_req_duration[0].abort_on_fail");
  EXPECT_NE(error.message.find("duplicate key"), std::string::npos) << error.message;
}

TEST(ThresholdsTest, TolerancesTakeTheChecksMetricNamesToo) {
  auto set = parse_thresholds(
      "tolerances:\n  p95_ms: 20%\n  endpoints:\n    login:\n      p50_ms: 0.3\n", "t.yaml");
  ASSERT_TRUE(set) << set.error().describe();
  ASSERT_TRUE(set->tolerances.has_value());
  EXPECT_DOUBLE_EQ(set->tolerances->for_check("home", "p95_ms"), 0.2);
  EXPECT_DOUBLE_EQ(set->tolerances->for_check("login", "p50_ms"), 0.3);
}

TEST(ThresholdsTest, RejectsAggregationTheMetricLacks) {
  Error error = parse_error("http_req_failed: [\"p(95)<0.1\"]\n");
  EXPECT_NE(error.message.find("does not support 'p(95)'"), std::string::npos) << error.message;
}

TEST(ThresholdsTest, RejectsPercentileOutOfRange) {
  Error error = parse_error("http_req_duration: [\"p(101)<1\"]\n");
  EXPECT_NE(error.message.find("0 to 100"), std::string::npos) << error.message;
}

TEST(ThresholdsTest, RejectsTagsOtherThanName) {
  Error error = parse_error("http_req_duration{type:API}: [\"p(95)<1\"]\n");
  EXPECT_NE(error.message.find("{name:<endpoint>}"), std::string::npos) << error.message;
}

TEST(ThresholdsTest, RejectsUnknownKeyInRuleObject) {
  Error error = parse_error("http_req_duration: [{threshold: 'p(95)<1', abort: true}]\n");
  EXPECT_EQ(error.field, "http_req_duration[0].abort");
}

TEST(ThresholdsTest, RejectsMissingOperator) {
  Error error = parse_error("http_reqs: [\"rate 500\"]\n");
  EXPECT_NE(error.message.find("no operator"), std::string::npos);
}

TEST(ThresholdsTest, ReportsYamlSyntaxErrorsWithLine) {
  Error error = parse_error("http_reqs: [\"rate>1\"\nchecks: x\n");
  ASSERT_TRUE(error.location.has_value());
  EXPECT_GE(error.location->line, 1);
  EXPECT_EQ(error.location->file, "t.yaml");
}

TEST(ThresholdsTest, EmptyDocumentIsRefused) {  // issue 11: an empty file gates on nothing
  Result<ThresholdSet> set = parse_thresholds("", "t.yaml");
  ASSERT_FALSE(set.ok());
  EXPECT_NE(set.error().message.find("empty"), std::string::npos);
}

TEST(ThresholdsTest, ShippedDefaultSetLoads) {
  Result<ThresholdSet> set = load_thresholds(PERFGATE_SOURCE_DIR "/thresholds/default.yaml");
  ASSERT_TRUE(set.ok()) << set.error().describe();
  EXPECT_FALSE(set->for_profile("baseline").empty());
  EXPECT_FALSE(set->for_profile("stress").empty());
}

}  // namespace
}  // namespace perfgate::stats
