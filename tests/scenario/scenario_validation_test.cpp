// SPDX-License-Identifier: MIT
// Validation: every mistake is reported before any load, at file:line:column with the field.
#include <gtest/gtest.h>

#include "scenario/scenario_test_support.h"
#include "support/hostile_yaml.h"

namespace perfgate::scenario {
namespace {

using test::parse;
using test::with_profile;
using test::with_step;

TEST(ScenarioValidationTest, YamlSyntaxErrorHasItsPosition) {
  EXPECT_LOAD_ERROR(parse("scenarios:\n  - steps: [\n"), 3, 1, "", "YAML syntax error");
}

TEST(ScenarioValidationTest, EmptyFileIsAnError) {
  Result<Scenario> result = parse("");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("empty"), std::string::npos);
}

TEST(ScenarioValidationTest, AnAliasBombIsRefusedInsteadOfWalkedForHours) {
  Result<Scenario> result = parse(perfgate::test::alias_bomb_yaml("variables"));
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("more than"), std::string::npos)
      << result.error().describe();
}

TEST(ScenarioValidationTest, RootMustBeAMapping) {
  EXPECT_LOAD_ERROR(parse("- a\n- b\n"), 1, 1, "", "expected a mapping");
}

TEST(ScenarioValidationTest, UnknownTopLevelKeySuggestsTheClosest) {
  EXPECT_LOAD_ERROR(parse("scenario:\n  - steps: [ { get: / } ]\n"), 1, 1, "scenario",
                    "did you mean 'scenarios'?");
}

TEST(ScenarioValidationTest, UnknownKeyFarFromAnyListsTheAllowedOnes) {
  EXPECT_LOAD_ERROR(parse(with_step("      - get: /\n        zzzzzzz: 1\n")), 6, 9,
                    "scenarios[0].steps[0].zzzzzzz", "allowed:");
}

TEST(ScenarioValidationTest, UnknownStepKeySuggestsTheClosest) {
  EXPECT_LOAD_ERROR(parse(with_step("      - get: /\n        chek: { status: 200 }\n")), 6, 9,
                    "scenarios[0].steps[0].chek", "did you mean 'check'?");
}

TEST(ScenarioValidationTest, DuplicateKeyIsAnError) {
  EXPECT_LOAD_ERROR(parse(with_step("      - get: /\n        name: a\n        name: b\n")), 7, 9,
                    "scenarios[0].steps[0].name", "duplicate key");
}

TEST(ScenarioValidationTest, MissingScenariosIsAnError) {
  EXPECT_LOAD_ERROR(parse("name: x\n"), 1, 1, "scenarios", "missing 'scenarios'");
}

TEST(ScenarioValidationTest, EmptyScenariosIsAnError) {
  EXPECT_LOAD_ERROR(parse("scenarios: []\n"), 1, 12, "scenarios", "non-empty list");
}

TEST(ScenarioValidationTest, ScenarioWithoutStepsIsAnError) {
  EXPECT_LOAD_ERROR(parse("scenarios:\n  - name: a\n"), 2, 5, "scenarios[0].steps", "needs steps");
}

TEST(ScenarioValidationTest, StepWithoutMethodIsAnError) {
  EXPECT_LOAD_ERROR(parse(with_step("      - name: a\n")), 5, 9, "scenarios[0].steps[0]",
                    "needs a method");
}

TEST(ScenarioValidationTest, StepWithTwoMethodsIsAnError) {
  EXPECT_LOAD_ERROR(parse(with_step("      - get: /\n        post: /x\n")), 6, 9,
                    "scenarios[0].steps[0].post", "already has 'get'");
}

TEST(ScenarioValidationTest, PathMustStartWithSlash) {
  EXPECT_LOAD_ERROR(parse(with_step("      - get: api/x\n")), 5, 14, "scenarios[0].steps[0].get",
                    "must start with '/'");
}

TEST(ScenarioValidationTest, JsonAndBodyTogetherIsAnError) {
  EXPECT_LOAD_ERROR(parse(with_step("      - post: /\n        json: { a: 1 }\n        body: x\n")),
                    7, 9, "scenarios[0].steps[0].body", "not both");
}

TEST(ScenarioValidationTest, BadDurationNamesTheField) {
  EXPECT_LOAD_ERROR(parse(with_step("      - get: /\n        timeout: 5 seconds\n")), 6, 18,
                    "scenarios[0].steps[0].timeout", "bad duration '5 seconds'");
}

TEST(ScenarioValidationTest, BadDefaultsTimeout) {
  EXPECT_LOAD_ERROR(parse("defaults: { timeout: -1s }\nscenarios: [ { steps: [ { get: / } ] } ]\n"),
                    1, 22, "defaults.timeout", "bad duration");
}

TEST(ScenarioValidationTest, WrongTypeIsReported) {
  EXPECT_LOAD_ERROR(parse(with_step("      - get: /\n        headers: [a, b]\n")), 6, 18,
                    "scenarios[0].steps[0].headers", "expected a mapping");
}

TEST(ScenarioValidationTest, NegativeWeightIsAnError) {
  EXPECT_LOAD_ERROR(parse("scenarios:\n  - weight: -2\n    steps: [ { get: / } ]\n"), 2, 13,
                    "scenarios[0].weight", "must be positive");
}

TEST(ScenarioValidationTest, ZeroWeightIsAnError) {
  EXPECT_LOAD_ERROR(parse("scenarios:\n  - weight: 0\n    steps: [ { get: / } ]\n"), 2, 13,
                    "scenarios[0].weight", "must be positive");
}

TEST(ScenarioValidationTest, NonNumericWeightIsAnError) {
  EXPECT_LOAD_ERROR(parse("scenarios:\n  - weight: heavy\n    steps: [ { get: / } ]\n"), 2, 13,
                    "scenarios[0].weight", "expected a number");
}

TEST(ScenarioValidationTest, DuplicateScenarioNamesAreAnError) {
  EXPECT_LOAD_ERROR(parse("scenarios:\n  - { name: a, steps: [ { get: / } ] }\n"
                          "  - { name: a, steps: [ { get: /x } ] }\n"),
                    3, 13, "scenarios[1].name", "another scenario is named 'a'");
}

TEST(ScenarioValidationTest, OneStepNameForTwoRequestsIsAnError) {
  EXPECT_LOAD_ERROR(parse(with_step("      - { name: a, get: / }\n      - { name: a, get: /x }\n")),
                    6, 9, "scenarios[0].steps[1].name", "already used for GET /");
}

TEST(ScenarioValidationTest, StepNameDefaultsToMethodAndPath) {
  Result<Scenario> result = parse(with_step("      - delete: /items/1\n"));
  ASSERT_LOADS(result);
  EXPECT_EQ(result->scenarios[0].steps[0].name, "DELETE /items/1");
}

TEST(ScenarioValidationTest, TargetMustBeHttpOrHttps) {
  EXPECT_LOAD_ERROR(parse("target: ftp://127.0.0.1\nscenarios: [ { steps: [ { get: / } ] } ]\n"), 1,
                    9, "target", "scheme must be http or https");
}

TEST(ScenarioValidationTest, TargetNeedsAHost) {
  EXPECT_LOAD_ERROR(parse("target: http://:8080\nscenarios: [ { steps: [ { get: / } ] } ]\n"), 1, 9,
                    "target", "no host");
}

TEST(ScenarioValidationTest, TargetPortMustBeANumberInRange) {
  EXPECT_LOAD_ERROR(parse("target: http://h:99999\nscenarios: [ { steps: [ { get: / } ] } ]\n"), 1,
                    9, "target", "not a port");
}

TEST(ScenarioValidationTest, TargetWithoutSchemeIsAnError) {
  EXPECT_LOAD_ERROR(parse("target: 127.0.0.1:8080\nscenarios: [ { steps: [ { get: / } ] } ]\n"), 1,
                    9, "target", "expected a URL");
}

TEST(ScenarioValidationTest, TargetAcceptsIpv6AndBasePathAndDropsTrailingSlash) {
  Result<Scenario> result =
      parse("target: http://[::1]:8080/base/\nscenarios: [ { steps: [ { get: / } ] } ]\n");
  ASSERT_LOADS(result);
  EXPECT_EQ(result->target, "http://[::1]:8080/base");
}

TEST(ScenarioValidationTest, TargetMayComeFromTheEnvironment) {
  ::setenv("PERFGATE_TEST_TARGET", "https://127.0.0.1:8443", 1);
  Result<Scenario> result =
      parse("target: '{{ env.PERFGATE_TEST_TARGET }}'\nscenarios: [ { steps: [ { get: / } ] } ]\n");
  ASSERT_LOADS(result);
  EXPECT_EQ(result->target, "https://127.0.0.1:8443");
}

TEST(ScenarioValidationTest, TargetIsOptional) {
  Result<Scenario> result = parse("scenarios: [ { steps: [ { get: / } ] } ]\n");
  ASSERT_LOADS(result);
  EXPECT_EQ(result->target, "");
}

TEST(ScenarioValidationTest, UnknownVariableIsAnErrorWithSuggestion) {
  EXPECT_LOAD_ERROR(
      parse(
          with_step("      - post: /login\n        capture: { token: $.token }\n"
                    "      - get: /x\n        headers: { Authorization: 'Bearer {{ tokn }}' }\n")),
      8, 35, "scenarios[0].steps[1].headers.Authorization", "did you mean 'token'?");
}

TEST(ScenarioValidationTest, VariableCapturedByALaterStepIsKnown) {
  ASSERT_LOADS(parse(
      with_step("      - get: /a/{{ id }}\n      - get: /b\n        capture: { id: $.id }\n")));
}

TEST(ScenarioValidationTest, UnclosedTemplateNamesTheField) {
  EXPECT_LOAD_ERROR(parse(with_step("      - get: /x/{{ vu\n")), 5, 14, "scenarios[0].steps[0].get",
                    "unclosed placeholder");
}

TEST(ScenarioValidationTest, UnknownTemplateFunction) {
  EXPECT_LOAD_ERROR(parse(with_step("      - get: '/x/{{ rand(1, 2) }}'\n")), 5, 14,
                    "scenarios[0].steps[0].get", "unknown function 'rand'");
}

TEST(ScenarioValidationTest, UnsetEnvironmentVariableIsNamed) {
  ::unsetenv("PERFGATE_TEST_UNSET");
  EXPECT_LOAD_ERROR(parse(with_step("      - get: '/x/{{ env.PERFGATE_TEST_UNSET }}'\n")), 5, 14,
                    "scenarios[0].steps[0].get", "PERFGATE_TEST_UNSET is not set");
}

TEST(ScenarioValidationTest, BadJsonPathCapture) {
  EXPECT_LOAD_ERROR(parse(with_step("      - get: /\n        capture: { token: '$.a[x]' }\n")), 6,
                    27, "scenarios[0].steps[0].capture.token", "bad JSONPath");
}

TEST(ScenarioValidationTest, CaptureThatIsNotAPathGetsAHint) {
  EXPECT_LOAD_ERROR(parse(with_step("      - get: /\n        capture: { token: token }\n")), 6, 27,
                    "scenarios[0].steps[0].capture.token", "not a JSONPath");
}

TEST(ScenarioValidationTest, CaptureWithTwoSourcesIsAnError) {
  EXPECT_LOAD_ERROR(
      parse(with_step("      - get: /\n        capture: { t: { json: $.a, header: X } }\n")), 6, 23,
      "scenarios[0].steps[0].capture.t", "exactly one of json, header or regex");
}

TEST(ScenarioValidationTest, CaptureWithUnknownSourceSuggests) {
  EXPECT_LOAD_ERROR(parse(with_step("      - get: /\n        capture: { t: { headr: X } }\n")), 6,
                    25, "scenarios[0].steps[0].capture.t.headr", "did you mean 'header'?");
}

TEST(ScenarioValidationTest, BadRegexCapture) {
  EXPECT_LOAD_ERROR(parse(with_step("      - get: /\n        capture: { t: { regex: 'a(b' } }\n")),
                    6, 32, "scenarios[0].steps[0].capture.t.regex", "bad regex");
}

TEST(ScenarioValidationTest, CaptureCannotShadowABuiltIn) {
  EXPECT_LOAD_ERROR(parse(with_step("      - get: /\n        capture: { vu: $.a }\n")), 6, 20,
                    "scenarios[0].steps[0].capture.vu", "cannot be a variable name");
}

TEST(ScenarioValidationTest, StatusCheckMustBeAnHttpStatus) {
  EXPECT_LOAD_ERROR(parse(with_step("      - get: /\n        check: { status: [200, 700] }\n")), 6,
                    32, "scenarios[0].steps[0].check.status[1]", "not an HTTP status");
}

TEST(ScenarioValidationTest, UnknownCheckSuggests) {
  EXPECT_LOAD_ERROR(parse(with_step("      - get: /\n        check: { stauts: 200 }\n")), 6, 18,
                    "scenarios[0].steps[0].check.stauts", "did you mean 'status'?");
}

TEST(ScenarioValidationTest, BadMaxLatency) {
  EXPECT_LOAD_ERROR(parse(with_step("      - get: /\n        check: { max_latency: fast }\n")), 6,
                    31, "scenarios[0].steps[0].check.max_latency", "bad duration 'fast'");
}

TEST(ScenarioValidationTest, HeaderNameMustBeAToken) {
  EXPECT_LOAD_ERROR(parse(with_step("      - get: /\n        headers: { 'Bad Name': x }\n")), 6, 20,
                    "scenarios[0].steps[0].headers.Bad Name", "not a valid header name");
}

TEST(ScenarioValidationTest, CollectsSeveralErrors) {
  LoadOutcome outcome = parse_scenario_all(
      with_step("      - get: /\n        timeout: soon\n      - put: x\n"), "test.yaml", ".");
  ASSERT_EQ(outcome.errors.size(), 2u);
  EXPECT_EQ(outcome.errors[0].field, "scenarios[0].steps[0].timeout");
  EXPECT_EQ(outcome.errors[1].field, "scenarios[0].steps[1].put");
  EXPECT_FALSE(outcome.scenario.has_value());
}

TEST(ScenarioValidationTest, DescribeGivesFileLineColumnFieldMessage) {
  Result<Scenario> result = parse(with_step("      - get: /\n        timeout: soon\n"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().describe(),
            "test.yaml:6:18: scenarios[0].steps[0].timeout: bad duration 'soon' (use e.g. 250ms, "
            "5s, 1m30s, 2h)");
}

TEST(ScenarioValidationTest, MissingFileIsABadInputErrorNamingIt) {
  Result<Scenario> result = load_scenario("/nonexistent/perfgate/scenario.yaml");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::bad_input);
  EXPECT_EQ(result.error().describe(),
            "/nonexistent/perfgate/scenario.yaml: cannot read: No such file or directory");
}

// Profiles

TEST(ProfileValidationTest, VusWithRateIsAnError) {
  EXPECT_LOAD_ERROR(parse(with_profile("{ vus: 10, rate: 5, duration: 10s }")), 5, 17,
                    "profiles.p.rate", "cannot be combined");
}

TEST(ProfileValidationTest, StagesWithRateStagesIsAnError) {
  EXPECT_LOAD_ERROR(parse(with_profile("{ stages: [ { duration: 1s, target: 1 } ], rate_stages: [ "
                                       "{ duration: 1s, target: 1 } ] }")),
                    5, 49, "profiles.p.rate_stages", "cannot be combined");
}

TEST(ProfileValidationTest, NoShapeIsAnError) {
  EXPECT_LOAD_ERROR(parse(with_profile("{ duration: 10s }")), 5, 6, "profiles.p",
                    "needs one of vus");
}

TEST(ProfileValidationTest, VusNeedsDuration) {
  EXPECT_LOAD_ERROR(parse(with_profile("{ vus: 10 }")), 5, 6, "profiles.p", "needs a duration");
}

TEST(ProfileValidationTest, VusMustBeAPositiveWholeNumber) {
  EXPECT_LOAD_ERROR(parse(with_profile("{ vus: 2.5, duration: 1s }")), 5, 13, "profiles.p.vus",
                    "whole number");
  EXPECT_LOAD_ERROR(parse(with_profile("{ vus: 0, duration: 1s }")), 5, 13, "profiles.p.vus",
                    "must be positive");
}

TEST(ProfileValidationTest, RateMustBePositive) {
  EXPECT_LOAD_ERROR(parse(with_profile("{ rate: -5, duration: 1s }")), 5, 14, "profiles.p.rate",
                    "must be positive");
}

TEST(ProfileValidationTest, StageDurationMustBePositive) {
  EXPECT_LOAD_ERROR(parse(with_profile("{ stages: [ { duration: 0s, target: 5 } ] }")), 5, 30,
                    "profiles.p.stages[0].duration", "must be positive");
}

TEST(ProfileValidationTest, StageTargetMustNotBeNegative) {
  EXPECT_LOAD_ERROR(parse(with_profile("{ stages: [ { duration: 1s, target: -5 } ] }")), 5, 42,
                    "profiles.p.stages[0].target", "must not be negative");
}

TEST(ProfileValidationTest, StageNeedsDurationAndTarget) {
  EXPECT_LOAD_ERROR(parse(with_profile("{ stages: [ { duration: 1s } ] }")), 5, 18,
                    "profiles.p.stages[0]", "needs both duration and target");
}

TEST(ProfileValidationTest, EmptyStagesIsAnError) {
  EXPECT_LOAD_ERROR(parse(with_profile("{ rate_stages: [] }")), 5, 21, "profiles.p.rate_stages",
                    "non-empty sequence");
}

TEST(ProfileValidationTest, DurationWithStagesIsAnError) {
  EXPECT_LOAD_ERROR(
      parse(with_profile("{ duration: 5s, stages: [ { duration: 1s, target: 1 } ] }")), 5, 8,
      "profiles.p.duration", "add up");
}

TEST(ProfileValidationTest, MaxVusOnlyInTheOpenModel) {
  EXPECT_LOAD_ERROR(parse(with_profile("{ vus: 5, duration: 5s, max_vus: 10 }")), 5, 30,
                    "profiles.p.max_vus", "open model");
}

TEST(ProfileValidationTest, OpenProfileOptions) {
  Result<Scenario> result = parse(
      with_profile("{ rate: 50, duration: 1m, max_vus: 80, warmup: 10s, graceful_stop: 3s }"));
  ASSERT_LOADS(result);
  const Profile& profile = result->profiles.at("p");
  EXPECT_EQ(profile.max_vus, 80);
  EXPECT_EQ(profile.warmup, std::chrono::seconds(10));
  EXPECT_EQ(profile.graceful_stop, std::chrono::seconds(3));
}

TEST(ProfileValidationTest, WarmupMustBeShorterThanTheProfile) {
  EXPECT_LOAD_ERROR(parse(with_profile("{ vus: 1, duration: 10s, warmup: 10s }")), 5, 39,
                    "profiles.p.warmup", "shorter");
}

TEST(ProfileValidationTest, UnknownProfileKeySuggests) {
  EXPECT_LOAD_ERROR(parse(with_profile("{ vus: 1, duration: 10s, gracefulStop: 1s }")), 5, 31,
                    "profiles.p.gracefulStop", "did you mean 'graceful_stop'?");
}

TEST(ProfileValidationTest, FlatProfileHelperHoldsTheLevel) {
  Profile profile = flat_profile("cli", LoadModel::open, 300, std::chrono::seconds(20));
  EXPECT_EQ(profile.start_target, 300);
  EXPECT_EQ(profile_target_at(profile, std::chrono::seconds(0)), 300);
  EXPECT_EQ(profile_target_at(profile, std::chrono::seconds(19)), 300);
  EXPECT_EQ(profile_target_at(profile, std::chrono::seconds(20)), 0);
}

}  // namespace
}  // namespace perfgate::scenario

namespace perfgate::scenario {
namespace {

using test::parse;
using test::with_step;

TEST(ScenarioValidationEdgeTest, EmptyPathValueIsAnError) {
  Result<Scenario> result = parse(with_step("      - get:\n"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "scenarios[0].steps[0].get");
  EXPECT_NE(result.error().message.find("expected a string, got an empty value"), std::string::npos)
      << result.error().describe();
  EXPECT_EQ(result.error().location->line, 5);
}

TEST(ScenarioValidationEdgeTest, StepsAsAMappingIsAnError) {
  EXPECT_LOAD_ERROR(parse("scenarios:\n  - steps: { get: / }\n"), 2, 12, "scenarios[0].steps",
                    "non-empty list");
}

TEST(ScenarioValidationEdgeTest, ProfilesAsAScalarIsAnError) {
  EXPECT_LOAD_ERROR(parse("scenarios: [ { steps: [ { get: / } ] } ]\nprofiles: fast\n"), 2, 11,
                    "profiles", "expected a mapping");
}

TEST(ScenarioValidationEdgeTest, CaptureAsAListIsAnError) {
  EXPECT_LOAD_ERROR(parse(with_step("      - get: /\n        capture: [a]\n")), 6, 18,
                    "scenarios[0].steps[0].capture", "expected a mapping");
}

TEST(ScenarioValidationEdgeTest, TabIndentationIsASyntaxError) {
  Result<Scenario> result = parse("scenarios:\n\t- steps: []\n");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("YAML syntax error"), std::string::npos);
  EXPECT_EQ(result.error().location->line, 2);
}

TEST(ScenarioValidationEdgeTest, FirstErrorMessageListsTheOthers) {
  Result<Scenario> result =
      parse(with_step("      - get: /\n        timeout: soon\n      - put: x\n"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "scenarios[0].steps[0].timeout");
  EXPECT_NE(result.error().describe().find("\ntest.yaml:7:14: scenarios[0].steps[1].put: the path"),
            std::string::npos)
      << result.error().describe();
}

TEST(ScenarioValidationEdgeTest, AProblemInSharedDefaultsIsReportedOnce) {
  LoadOutcome outcome = parse_scenario_all(
      "defaults: { headers: { X: '{{ nope }}' } }\n"
      "scenarios: [ { steps: [ { get: / } ] }, { steps: [ { get: /x } ] } ]\n",
      "test.yaml", ".");
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_NE(outcome.errors[0].message.find("unknown variable 'nope'"), std::string::npos);
}

TEST(ScenarioValidationEdgeTest, AliasBombInJsonBodyIsRefused) {
  // Each anchor doubles the previous one: 2^24 strings if expanded.
  std::string body = "[ &a0 [aaaaaaaaaaaaaaaa, aaaaaaaaaaaaaaaaa]";
  for (int i = 1; i <= 24; ++i) {
    body += ", &a" + std::to_string(i) + " [*a" + std::to_string(i - 1) + ", *a" +
            std::to_string(i - 1) + "]";
  }
  Result<Scenario> result = parse(with_step("      - post: /\n        json: " + body + " ]\n"));
  ASSERT_FALSE(result.ok());
  // Refused before any reader walks it (yaml_size.h), not only when its JSON grows past 1 MiB.
  EXPECT_NE(result.error().message.find("more than"), std::string::npos)
      << result.error().describe();
}

}  // namespace
}  // namespace perfgate::scenario
