// SPDX-License-Identifier: MIT
// Steps as loaded: methods, paths, headers, bodies, timeouts, think times.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "scenario/scenario_test_support.h"

namespace perfgate::scenario {
namespace {

using namespace std::chrono_literals;
using test::parse;
using test::with_step;

class OneVariable : public VariableSource {
 public:
  OneVariable(std::string name, std::string value)
      : m_name(std::move(name)), m_value(std::move(value)) {}
  const std::string* find(std::string_view name) const override {
    return name == m_name ? &m_value : nullptr;
  }

 private:
  std::string m_name;
  std::string m_value;
};

Step only_step(std::string_view yaml) {
  Result<Scenario> result = parse(yaml);
  EXPECT_TRUE(result.ok()) << result.error().describe();
  if (!result.ok() || result->scenarios.empty()) return Step{};
  return result->scenarios[0].steps.at(0);
}

std::string rendered_body(const Step& step, const VariableSource* variables = nullptr) {
  std::string out;
  if (!step.body) return "<none>";
  RenderContext context;
  context.variables = variables;
  context.vu = 4;
  render(*step.body, context, out);
  return out;
}

std::map<std::string, std::string> headers_of(const Step& step) {
  std::map<std::string, std::string> out;
  for (const Header& header : step.headers) out[header.name] = header.value.source;
  return out;
}

TEST(StepLoaderTest, EveryMethod) {
  std::map<std::string, HttpMethod> methods = {
      {"get", HttpMethod::get},     {"post", HttpMethod::post},  {"put", HttpMethod::put},
      {"patch", HttpMethod::patch}, {"delete", HttpMethod::del}, {"head", HttpMethod::head}};
  for (const auto& [key, method] : methods) {
    Step step = only_step(with_step("      - " + key + ": /x\n"));
    EXPECT_EQ(step.method, method) << key;
  }
  EXPECT_STREQ(method_name(HttpMethod::del), "DELETE");
  EXPECT_STREQ(method_name(HttpMethod::patch), "PATCH");
}

TEST(StepLoaderTest, PathKeepsQueryAndTemplates) {
  Step step = only_step(with_step("      - get: '/items/{{ vu }}?page={{ random(1, 3) }}&q=a'\n"));
  EXPECT_FALSE(step.path.is_constant());
  EXPECT_EQ(step.path.source, "/items/{{ vu }}?page={{ random(1, 3) }}&q=a");
}

TEST(StepLoaderTest, JsonBodyKeepsTypesAndOrder) {
  Step step =
      only_step(with_step("      - post: /x\n        json: { b: 1, a: [true, null, 2.5, -3, '7', "
                          "text], n: { x: ~ } }\n"));
  EXPECT_EQ(rendered_body(step), R"({"b":1,"a":[true,null,2.5,-3,"7","text"],"n":{"x":null}})");
  EXPECT_EQ(headers_of(step)["Content-Type"], "application/json");
}

TEST(StepLoaderTest, JsonBodyIsValidJsonWhenValuesNeedEscaping) {
  Step step = only_step(
      with_step("      - post: /x\n        json: { 'k\"ey': \"line\\nbreak \\\\ {{ token }}\" }\n"
                "        capture: { token: $.t }\n"));
  OneVariable token("token", "a\"b");
  std::string body = rendered_body(step, &token);
  nlohmann::json parsed = nlohmann::json::parse(body);
  EXPECT_EQ(parsed["k\"ey"], "line\nbreak \\ a\"b");
}

TEST(StepLoaderTest, JsonBodyTopLevelArrayAndBlockStyle) {
  Step step = only_step(
      with_step("      - post: /x\n        json:\n          - id: 1\n            tags: [a]\n"));
  EXPECT_EQ(rendered_body(step), R"([{"id":1,"tags":["a"]}])");
}

TEST(StepLoaderTest, JsonBodyKeepsAGivenContentType) {
  Step step = only_step(
      with_step("      - post: /x\n        headers: { content-type: application/vnd.api+json }\n"
                "        json: { a: 1 }\n"));
  EXPECT_EQ(step.headers.size(), 1u);
  EXPECT_EQ(headers_of(step)["content-type"], "application/vnd.api+json");
}

TEST(StepLoaderTest, BodyIsATemplate) {
  Step step = only_step(with_step("      - put: /x\n        body: 'v={{ vu }}'\n"));
  EXPECT_EQ(rendered_body(step), "v=4");
  EXPECT_TRUE(step.headers.empty());
}

TEST(StepLoaderTest, DefaultHeadersMergeAndStepWinsCaseInsensitively) {
  Result<Scenario> result = parse(
      "defaults:\n  headers: { Accept: text/html, X-A: a }\n"
      "scenarios:\n  - steps:\n      - get: /\n        headers: { accept: application/json, X-B: b "
      "}\n");
  ASSERT_LOADS(result);
  const Step& step = result->scenarios[0].steps[0];
  ASSERT_EQ(step.headers.size(), 3u);
  EXPECT_EQ(step.headers[0].name, "accept");
  EXPECT_EQ(step.headers[0].value.source, "application/json");
  EXPECT_EQ(step.headers[1].name, "X-A");
  EXPECT_EQ(step.headers[2].name, "X-B");
}

TEST(StepLoaderTest, TimeoutDefaultsAndStepOverride) {
  Result<Scenario> result = parse(
      "defaults: { timeout: 2s }\n"
      "scenarios:\n  - steps:\n      - get: /a\n      - get: /b\n        timeout: 250ms\n");
  ASSERT_LOADS(result);
  EXPECT_EQ(result->scenarios[0].steps[0].timeout, 2s);
  EXPECT_EQ(result->scenarios[0].steps[1].timeout, 250ms);
}

TEST(StepLoaderTest, TimeoutIsFiveSecondsWithoutDefaults) {
  EXPECT_EQ(only_step(with_step("      - get: /\n")).timeout, 5s);
}

TEST(StepLoaderTest, ThinkFromDefaultsScenarioAndStep) {
  Result<Scenario> result = parse(
      "defaults: { think: 1s }\n"
      "scenarios:\n"
      "  - name: a\n    steps: [ { get: /a } ]\n"
      "  - name: b\n    think: 200ms\n    steps:\n      - get: /b\n      - get: /c\n        think: "
      "0s\n");
  ASSERT_LOADS(result);
  EXPECT_EQ(result->scenarios[0].think, 1s);
  EXPECT_EQ(result->scenarios[0].steps[0].think, 1s);
  EXPECT_EQ(result->scenarios[1].think, 200ms);
  EXPECT_EQ(result->scenarios[1].steps[0].think, 200ms);
  EXPECT_EQ(result->scenarios[1].steps[1].think, 0s);
}

TEST(StepLoaderTest, ExplicitCaptureForms) {
  Step step = only_step(
      with_step("      - get: /\n        capture:\n          a: { json: '$.a.b' }\n"
                "          loc: { header: Location }\n          id: { regex: 'id=(\\d+)' }\n"));
  ASSERT_EQ(step.captures.size(), 3u);
  EXPECT_EQ(step.captures[0].source, CaptureSource::json);
  EXPECT_EQ(step.captures[0].json_path.size(), 2u);
  EXPECT_EQ(step.captures[1].source, CaptureSource::header);
  EXPECT_EQ(step.captures[1].expression, "Location");
  EXPECT_EQ(step.captures[2].source, CaptureSource::regex);
  EXPECT_EQ(step.captures[2].expression, "id=(\\d+)");
  ASSERT_TRUE(step.captures[2].regex != nullptr);
}

TEST(StepLoaderTest, ChecksInEveryForm) {
  Step step = only_step(with_step(
      "      - get: /\n        check:\n          status: [200, 201]\n          body_contains: ok\n"
      "          body_excludes: [error, fail]\n          max_latency: 500ms\n"));
  EXPECT_EQ(step.checks.status, (std::vector<int>{200, 201}));
  EXPECT_EQ(step.checks.body_contains, std::vector<std::string>{"ok"});
  EXPECT_EQ(step.checks.body_excludes, (std::vector<std::string>{"error", "fail"}));
  EXPECT_EQ(step.checks.max_latency, 500ms);
}

TEST(StepLoaderTest, EndpointNamesAreUniqueAcrossJourneys) {
  Result<Scenario> result = parse(
      "scenarios:\n  - name: a\n    steps: [ { name: x, get: / }, { name: y, get: /y } ]\n"
      "  - name: b\n    steps: [ { name: z, get: /z }, { name: x, get: / } ]\n");
  ASSERT_LOADS(result);
  EXPECT_EQ(result->endpoint_names(), (std::vector<std::string>{"x", "y", "z"}));
}

TEST(StepLoaderTest, JourneysWithoutNamesAreNumbered) {
  Result<Scenario> result =
      parse("scenarios: [ { steps: [ { get: / } ] }, { steps: [ { get: /x } ] } ]\n");
  ASSERT_LOADS(result);
  EXPECT_EQ(result->scenarios[0].name, "scenario1");
  EXPECT_EQ(result->scenarios[1].name, "scenario2");
  EXPECT_EQ(result->name, "test");
}

}  // namespace
}  // namespace perfgate::scenario
