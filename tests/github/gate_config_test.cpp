// SPDX-License-Identifier: MIT
#include "perfgate/github/gate_config.h"

#include <gtest/gtest.h>

namespace perfgate::github {
namespace {

ci::EnvLookup env_of(std::map<std::string, std::string> vars) {
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
        std::pair{"check", "both"}, std::pair{"rollback-on", "pass"},
        std::pair{"confirm-runs", "6"}, std::pair{"confirm-runs", "-1"},
        std::pair{"confirm-runs", "one"}, std::pair{"max-gate-time", "0s"},
        std::pair{"max-gate-time", "soon"}}) {
    auto config = resolve_gate_config({{name, value}}, env);
    ASSERT_FALSE(config.ok()) << name;
    EXPECT_EQ(config.error().field, name);
    EXPECT_EQ(config.error().kind, ErrorKind::bad_input);
  }
}

TEST(GateConfigTest, ConfirmationIsOffByDefaultAndBoundedWhenOn) {
  auto off = resolve_gate_config({{"results", "r.json"}}, env_of({}));
  ASSERT_TRUE(off.ok());
  EXPECT_EQ(off->confirm_runs, 0);
  EXPECT_FALSE(off->max_gate_time.has_value());
  auto on =
      resolve_gate_config({{"confirm-runs", "2"}},
                          env_of({{"INPUT_RESULTS", "r.json"}, {"INPUT_MAX-GATE-TIME", "5m"}}));
  ASSERT_TRUE(on.ok()) << on.error().describe();
  EXPECT_EQ(on->confirm_runs, 2);
  EXPECT_EQ(on->max_gate_time, std::chrono::minutes(5));
}

TEST(GateConfigTest, NeedsAScenarioOrResults) {
  auto config = resolve_gate_config({}, env_of({}));
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().field, "scenario");
}

TEST(GateConfigTest, ErrorsSayWhichWithKeyTheValueCameFrom) {
  auto config =
      resolve_gate_config({}, env_of({{"INPUT_RESULTS", "r.json"}, {"INPUT_FAIL-ON", "x"}}));
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.error().message.find("with: fail-on / INPUT_FAIL-ON"), std::string::npos)
      << config.error().message;
  auto flagged = resolve_gate_config({{"results", "r.json"}, {"fail-on", "x"}}, env_of({}));
  ASSERT_FALSE(flagged.ok());
  EXPECT_NE(flagged.error().message.find("--fail-on"), std::string::npos);
}

TEST(GateConfigTest, AnErrorInAFileNamesTheInputThatNamedTheFile) {
  auto config = resolve_gate_config(
      {}, env_of({{"INPUT_RESULTS", "r.json"}, {"INPUT_THRESHOLDS", "perf/t.yaml"}}));
  ASSERT_TRUE(config.ok());
  Error error = Error::at({"perf/t.yaml", 3, 5}, "http_req_duration", "bad rule");
  Error named = with_input_origin(error, *config);
  EXPECT_NE(named.message.find("thresholds file from with: thresholds / INPUT_THRESHOLDS"),
            std::string::npos)
      << named.message;
  Error elsewhere = with_input_origin(Error::at({"other.yaml", 1, 1}, "x", "bad"), *config);
  EXPECT_EQ(elsewhere.message, "bad");
}

TEST(GateConfigTest, BooleanInputsOfTheRunAreRead) {
  auto config =
      resolve_gate_config({{"results", "r.json"}}, env_of({{"INPUT_INSECURE", "true"},
                                                           {"INPUT_HTTP2", "True"},
                                                           {"INPUT_FAIL-ON-ALL-ERRORS", "false"}}));
  ASSERT_TRUE(config.ok()) << config.error().describe();
  EXPECT_TRUE(config->insecure);
  EXPECT_TRUE(config->http2);
  EXPECT_FALSE(config->fail_on_all_errors);
}

TEST(GateConfigTest, TheHttpClientIsAutoUnlessAnInputOrFlagSaysAndOnlyAKnownOne) {
  auto config = resolve_gate_config({{"results", "r.json"}}, env_of({}));
  ASSERT_TRUE(config.ok()) << config.error().describe();
  EXPECT_EQ(config->http_client, "auto");
  config = resolve_gate_config({{"results", "r.json"}}, env_of({{"INPUT_HTTP-CLIENT", "curl"}}));
  ASSERT_TRUE(config.ok()) << config.error().describe();
  EXPECT_EQ(config->http_client, "curl");
  config = resolve_gate_config({{"results", "r.json"}, {"http-client", "native"}},
                               env_of({{"INPUT_HTTP-CLIENT", "curl"}}));
  ASSERT_TRUE(config.ok()) << config.error().describe();
  EXPECT_EQ(config->http_client, "native");
  auto wrong =
      resolve_gate_config({{"results", "r.json"}}, env_of({{"INPUT_HTTP-CLIENT", "libcurl"}}));
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message.find("'libcurl' is not auto, curl or native"), std::string::npos)
      << wrong.error().message;
  EXPECT_NE(wrong.error().message.find("INPUT_HTTP-CLIENT"), std::string::npos)
      << wrong.error().message;
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

TEST(GateConfigTest, BaselineStoreIsTheWorkspaceFileUnlessTheBranchIsAsked) {
  auto file = resolve_gate_config({{"results", "r.json"}}, env_of({}));
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->baseline_store, BaselineStore::file);
  EXPECT_EQ(file->baseline_branch, "perf-gate-data");
  EXPECT_FALSE(file->update_baseline);
  auto branch = resolve_gate_config({{"results", "r.json"},
                                     {"baseline", "b/api.json"},
                                     {"baseline-store", "branch"},
                                     {"baseline-branch", "bench-data"},
                                     {"update-baseline", "true"},
                                     {"github-token", "tok"}},
                                    env_of({}));
  ASSERT_TRUE(branch.ok()) << branch.error().describe();
  EXPECT_EQ(branch->baseline_store, BaselineStore::branch);
  EXPECT_EQ(branch->baseline_branch, "bench-data");
  EXPECT_TRUE(branch->update_baseline);
}

TEST(GateConfigTest, TheBranchStoreNeedsAPathAndAToken) {
  auto bad_store =
      resolve_gate_config({{"results", "r.json"}, {"baseline-store", "s3"}}, env_of({}));
  ASSERT_FALSE(bad_store.ok());
  EXPECT_EQ(bad_store.error().field, "baseline-store");
  auto no_path = resolve_gate_config(
      {{"results", "r.json"}, {"baseline-store", "branch"}, {"github-token", "tok"}}, env_of({}));
  ASSERT_FALSE(no_path.ok());
  EXPECT_EQ(no_path.error().field, "baseline");
  auto no_token = resolve_gate_config(
      {{"results", "r.json"}, {"baseline-store", "branch"}, {"baseline", "b.json"}}, env_of({}));
  ASSERT_FALSE(no_token.ok());
  EXPECT_EQ(no_token.error().field, "github-token");
  auto update_nothing =
      resolve_gate_config({{"results", "r.json"}, {"update-baseline", "true"}}, env_of({}));
  ASSERT_FALSE(update_nothing.ok());
  EXPECT_EQ(update_nothing.error().field, "baseline");
}

}  // namespace
}  // namespace perfgate::github
