// SPDX-License-Identifier: MIT
#include "perfgate/scenario/template.h"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>

namespace perfgate::scenario {
namespace {

using VariableMap = std::map<std::string, std::string, std::less<>>;

class MapVariables : public VariableSource {
 public:
  explicit MapVariables(std::map<std::string, std::string, std::less<>> values)
      : m_values(std::move(values)) {}
  const std::string* find(std::string_view name) const override {
    auto it = m_values.find(name);
    return it == m_values.end() ? nullptr : &it->second;
  }

 private:
  std::map<std::string, std::string, std::less<>> m_values;
};

std::string render_text(std::string_view text, const RenderContext& context = {}) {
  Result<Template> tmpl = parse_template(text);
  EXPECT_TRUE(tmpl.ok()) << tmpl.error().message;
  std::string out;
  if (tmpl) render(*tmpl, context, out);
  return out;
}

std::string parse_error(std::string_view text) {
  Result<Template> tmpl = parse_template(text);
  return tmpl.ok() ? "<parsed>" : tmpl.error().message;
}

TEST(TemplateTest, PlainTextIsConstant) {
  Result<Template> tmpl = parse_template("/api/items?x=1");
  ASSERT_TRUE(tmpl.ok());
  EXPECT_TRUE(tmpl->is_constant());
  EXPECT_EQ(render_text("/api/items?x=1"), "/api/items?x=1");
}

TEST(TemplateTest, EmptyTextIsConstant) {
  Result<Template> tmpl = parse_template("");
  ASSERT_TRUE(tmpl.ok());
  EXPECT_TRUE(tmpl->is_constant());
  EXPECT_EQ(render_text(""), "");
}

TEST(TemplateTest, VuAndIteration) {
  RenderContext context;
  context.vu = 12;
  context.iteration = 345;
  EXPECT_EQ(render_text("u{{ vu }}-{{iteration}}", context), "u12-345");
}

TEST(TemplateTest, VariablesComeFromTheSource) {
  MapVariables variables({{"token", "abc"}, {"user-id", "7"}});
  RenderContext context;
  context.variables = &variables;
  EXPECT_EQ(render_text("Bearer {{ token }} {{ user-id }}", context), "Bearer abc 7");
}

TEST(TemplateTest, UnsetVariableRendersEmpty) {
  MapVariables variables(std::map<std::string, std::string, std::less<>>{});
  RenderContext context;
  context.variables = &variables;
  EXPECT_EQ(render_text("[{{ missing }}]", context), "[]");
  EXPECT_EQ(render_text("[{{ missing }}]"), "[]");
}

TEST(TemplateTest, TemplateVariablesListsNames) {
  Result<Template> tmpl = parse_template("{{ a }}/{{ vu }}/{{ b }}");
  ASSERT_TRUE(tmpl.ok());
  EXPECT_EQ(template_variables(*tmpl), (std::vector<std::string_view>{"a", "b"}));
}

TEST(TemplateTest, UuidIsVersion4AndDiffers) {
  std::mt19937_64 rng(42);
  RenderContext context;
  context.rng = &rng;
  std::regex v4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string uuid = render_text("{{ uuid }}", context);
    EXPECT_TRUE(std::regex_match(uuid, v4)) << uuid;
    seen.insert(uuid);
  }
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_TRUE(std::regex_match(render_text("{{ uuid() }}", context), v4));
}

TEST(TemplateTest, UuidIsDeterministicForASeed) {
  std::mt19937_64 a(7);
  std::mt19937_64 b(7);
  RenderContext context_a;
  context_a.rng = &a;
  RenderContext context_b;
  context_b.rng = &b;
  EXPECT_EQ(render_text("{{ uuid }}", context_a), render_text("{{ uuid }}", context_b));
}

TEST(TemplateTest, RandomStaysInItsInclusiveRangeAndCoversIt) {
  std::mt19937_64 rng(1);
  RenderContext context;
  context.rng = &rng;
  Result<Template> tmpl = parse_template("{{ random(3, 5) }}");
  ASSERT_TRUE(tmpl.ok());
  std::set<std::string> seen;
  for (int i = 0; i < 300; ++i) {
    std::string out;
    render(*tmpl, context, out);
    seen.insert(out);
  }
  EXPECT_EQ(seen, (std::set<std::string>{"3", "4", "5"}));
}

TEST(TemplateTest, RandomIntAliasAndNegativeBounds) {
  EXPECT_EQ(render_text("{{ random_int(-2, -2) }}"), "-2");
  EXPECT_EQ(render_text("{{ random( 9 ,9 ) }}"), "9");
}

TEST(TemplateTest, TimestampsAreNow) {
  auto now_s = std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
  int64_t seconds = std::stoll(render_text("{{ timestamp }}"));
  int64_t millis = std::stoll(render_text("{{ timestamp_ms() }}"));
  EXPECT_LE(std::abs(seconds - now_s), 5);
  EXPECT_LE(std::abs(millis / 1000 - now_s), 5);
}

TEST(TemplateTest, EnvironmentIsResolvedAtParseTime) {
  ::setenv("PERFGATE_TEMPLATE_TEST", "secret-1", 1);
  Result<Template> tmpl = parse_template("key={{ env.PERFGATE_TEMPLATE_TEST }}");
  ::setenv("PERFGATE_TEMPLATE_TEST", "changed", 1);
  ASSERT_TRUE(tmpl.ok());
  EXPECT_TRUE(tmpl->is_constant());
  std::string out;
  render(*tmpl, {}, out);
  EXPECT_EQ(out, "key=secret-1");
}

TEST(TemplateTest, UnsetEnvironmentVariableIsAnErrorNamingIt) {
  ::unsetenv("PERFGATE_TEMPLATE_UNSET");
  EXPECT_EQ(parse_error("{{ env.PERFGATE_TEMPLATE_UNSET }}"),
            "environment variable PERFGATE_TEMPLATE_UNSET is not set");
}

TEST(TemplateTest, UnclosedPlaceholderIsAnError) {
  EXPECT_NE(parse_error("/a/{{ vu").find("unclosed placeholder"), std::string::npos);
}

TEST(TemplateTest, EmptyPlaceholderIsAnError) {
  EXPECT_NE(parse_error("{{  }}").find("empty placeholder"), std::string::npos);
}

TEST(TemplateTest, UnknownFunctionIsAnError) {
  EXPECT_NE(parse_error("{{ now() }}").find("unknown function 'now'"), std::string::npos);
}

TEST(TemplateTest, RandomNeedsTwoOrderedIntegers) {
  EXPECT_NE(parse_error("{{ random(1) }}").find("two integers"), std::string::npos);
  EXPECT_NE(parse_error("{{ random(a, 2) }}").find("two integers"), std::string::npos);
  EXPECT_NE(parse_error("{{ random(5, 1) }}").find("greater"), std::string::npos);
}

TEST(TemplateTest, MissingClosingParenthesisIsAnError) {
  EXPECT_NE(parse_error("{{ random(1, 2 }}").find("missing ')'"), std::string::npos);
}

TEST(TemplateTest, BuiltInsTakeNoArguments) {
  EXPECT_NE(parse_error("{{ uuid(4) }}").find("takes no arguments"), std::string::npos);
}

TEST(TemplateTest, BadVariableNameIsAnError) {
  EXPECT_NE(parse_error("{{ a b }}").find("not a variable name"), std::string::npos);
}

TEST(TemplateTest, LoneClosingBracesAreLiteral) {
  EXPECT_EQ(render_text("a }} b"), "a }} b");
}

TEST(TemplateTest, JsonEscapeAppliesToVariables) {
  Result<Template> tmpl = parse_template("{{ v }}");
  ASSERT_TRUE(tmpl.ok());
  tmpl->parts[0].escape = TemplateEscape::json;
  MapVariables variables(VariableMap{{"v", "a\"b\\c\n\x01"}});
  RenderContext context;
  context.variables = &variables;
  std::string out;
  render(*tmpl, context, out);
  EXPECT_EQ(out, "a\\\"b\\\\c\\n\\u0001");
}

TEST(TemplateTest, LiteralTemplateIsNotInterpreted) {
  Template tmpl = literal_template("{{ vu }}");
  EXPECT_TRUE(tmpl.is_constant());
  std::string out;
  render(tmpl, {}, out);
  EXPECT_EQ(out, "{{ vu }}");
}

TEST(TemplateTest, RenderAppendsToTheBuffer) {
  Result<Template> tmpl = parse_template("x{{ vu }}");
  ASSERT_TRUE(tmpl.ok());
  std::string out = "pre:";
  RenderContext context;
  context.vu = 3;
  render(*tmpl, context, out);
  EXPECT_EQ(out, "pre:x3");
}

}  // namespace
}  // namespace perfgate::scenario
