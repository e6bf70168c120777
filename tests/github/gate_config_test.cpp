// SPDX-License-Identifier: MIT
#include "perfgate/github/gate_config.h"

#include <gtest/gtest.h>

namespace perfgate::github {
namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(GateConfigTest, DefaultsApplyWhenNothingIsSet) {
  auto config = resolve_gate_config({{"results", "r.json"}}, env_of({}));
  ASSERT_TRUE(config.ok()) << config.error().describe();
  EXPECT_EQ(config->comment, CommentMode::always);
  EXPECT_EQ(config->check, CheckMode::check_run);
  EXPECT_EQ(config->fail_on, FailOn::fail);
  EXPECT_FALSE(config->issue);
  EXPECT_EQ(config->issue_label, "performance-regression");
  EXPECT_EQ(config->report_dir, "perf-gate-report");
  EXPECT_EQ(config->token, "");  // the ${{ github.token }} default means nothing outside Actions
}

TEST(GateConfigTest, FlagWinsOverInputAndInputOverDefault) {
  auto env = env_of({{"INPUT_RESULTS", "r.json"},
                     {"INPUT_FAIL-ON", "never"},
                     {"INPUT_COMMENT", "on-failure"},
                     {"INPUT_GITHUB-TOKEN", "tok"}});
  auto config = resolve_gate_config({{"fail-on", "warn"}}, env);
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->fail_on, FailOn::warn);
  EXPECT_EQ(config->comment, CommentMode::on_failure);
  EXPECT_EQ(config->token, "tok");
}

TEST(GateConfigTest, MetricsUrlTakesSeveralSinksSeparatedBySpacesOrLines) {
  auto env = env_of({{"INPUT_RESULTS", "r.json"},
                     {"INPUT_METRICS-URL",
                      "influxdb=http://127.0.0.1:8086/write?db=p\n  prometheus=http://p:9090/w "}});
  auto config = resolve_gate_config({}, env);
  ASSERT_TRUE(config.ok()) << config.error().describe();
  std::vector<std::string> expected{"influxdb=http://127.0.0.1:8086/write?db=p",
                                    "prometheus=http://p:9090/w"};
  EXPECT_EQ(config->metrics_urls, expected);
}

TEST(GateConfigTest, EmptyInputKeepsTheEmptyValue) {
  auto config =
      resolve_gate_config({}, env_of({{"INPUT_RESULTS", "r.json"}, {"INPUT_GITHUB-TOKEN", ""}}));
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->token, "");
}

TEST(GateConfigTest, BadValuesNameTheInput) {
  auto env = env_of({{"INPUT_RESULTS", "r.json"}});
  for (auto [name, value] :
       {std::pair{"fail-on", "sometimes"}, std::pair{"comment", "maybe"}, std::pair{"issue", "yes"},
        std::pair{"check", "both"}, std::pair{"rollback-on", "pass"}}) {
    auto config = resolve_gate_config({{name, value}}, env);
    ASSERT_FALSE(config.ok()) << name;
    EXPECT_EQ(config.error().field, name);
    EXPECT_EQ(config.error().kind, ErrorKind::bad_input);
  }
}

TEST(GateConfigTest, NeedsAScenarioOrResults) {
  auto config = resolve_gate_config({}, env_of({}));
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().field, "scenario");
}

TEST(GateConfigTest, FailOnDecidesTheExitCode) {
  using stats::Status;
  EXPECT_TRUE(gate_fails(FailOn::fail, Status::fail));
  EXPECT_FALSE(gate_fails(FailOn::fail, Status::warn));
  EXPECT_FALSE(gate_fails(FailOn::fail, Status::inconclusive));
  EXPECT_TRUE(gate_fails(FailOn::inconclusive, Status::inconclusive));
  EXPECT_TRUE(gate_fails(FailOn::inconclusive, Status::fail));
  EXPECT_FALSE(gate_fails(FailOn::inconclusive, Status::warn));
  EXPECT_TRUE(gate_fails(FailOn::warn, Status::warn));
  EXPECT_TRUE(gate_fails(FailOn::warn, Status::inconclusive));
  EXPECT_FALSE(gate_fails(FailOn::warn, Status::no_data));
  EXPECT_FALSE(gate_fails(FailOn::never, Status::fail));
}

}  // namespace
}  // namespace perfgate::github
