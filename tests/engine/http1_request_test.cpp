// SPDX-License-Identifier: MIT
#include "perfgate/engine/http1_request.h"

#include <gtest/gtest.h>

#include <string>

#include "engine/engine_fixtures.h"

namespace perfgate::engine {
namespace {

using test::tmpl;

constexpr std::string_view k_origin = "http://127.0.0.1:8080";

struct Planned {
  scenario::Step spec;
  StepPlan plan;
};

// A StepPlan as make_plan builds it, for a step under k_origin.
std::unique_ptr<Planned> plan(scenario::Step spec) {
  auto planned = std::make_unique<Planned>();
  planned->spec = std::move(spec);
  StepPlan& step = planned->plan;
  step.step = &planned->spec;
  step.url_constant = planned->spec.path.is_constant();
  step.url = std::string(k_origin);
  if (step.url_constant) step.url += planned->spec.path.parts[0].text;
  for (const auto& header : planned->spec.headers) {
    bool constant = header.value.is_constant();
    std::string line = header.name + ": ";
    if (constant && !header.value.parts.empty()) line += header.value.parts[0].text;
    if (constant && header.value.parts.empty()) line = header.name + ";";
    step.header_lines.push_back(line);
    step.header_constant.push_back(constant);
    step.headers_constant = step.headers_constant && constant;
  }
  if (planned->spec.body) {
    step.body_constant = planned->spec.body->is_constant();
    if (step.body_constant) step.body = planned->spec.body->parts[0].text;
  }
  return planned;
}

std::string render(const scenario::Step& spec) {
  auto planned = plan(spec);
  Http1Request request("127.0.0.1:8080", k_origin.size());
  scenario::RenderContext context;
  context.vu = 7;
  EXPECT_EQ(request.render(planned->plan, context), Rendered::ok);
  return std::string(request.bytes());
}

TEST(Http1RequestTest, GetCarriesHostAndAcceptAsLibcurlSends) {
  EXPECT_EQ(render(test::step("home", "/a?b=c")),
            "GET /a?b=c HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\n\r\n");
}

TEST(Http1RequestTest, StepHeadersReplaceRemoveOrEmptyTheDefaults) {
  auto spec = test::step("home", "/");
  spec.headers = {{"accept", tmpl("text/plain")}, {"Host", tmpl("")}, {"X-Vu", tmpl("{{ vu }}")}};
  EXPECT_EQ(render(spec), "GET / HTTP/1.1\r\naccept: text/plain\r\nHost:\r\nX-Vu: 7\r\n\r\n");
}

TEST(Http1RequestTest, PostBodyHasLengthAndTheFormTypeUnlessTheStepSetsOne) {
  auto spec = test::step("post", "/p", scenario::HttpMethod::post);
  spec.body = tmpl("{\"vu\": {{ vu }}}");
  spec.headers = {{"Content-Type", tmpl("application/json")}};
  EXPECT_EQ(render(spec),
            "POST /p HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\n"
            "Content-Type: application/json\r\nContent-Length: 9\r\n\r\n{\"vu\": 7}");
}

TEST(Http1RequestTest, PostWithoutBodySendsAnEmptyForm) {
  EXPECT_EQ(render(test::step("post", "/p", scenario::HttpMethod::post)),
            "POST /p HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\nContent-Length: 0\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n\r\n");
}

TEST(Http1RequestTest, HeadIsMarkedSoItsResponseHasNoBody) {
  auto planned = plan(test::step("head", "/", scenario::HttpMethod::head));
  Http1Request request("h", k_origin.size());
  ASSERT_EQ(request.render(planned->plan, {}), Rendered::ok);
  EXPECT_EQ(request.head(), HeadRequest::yes);
  EXPECT_TRUE(request.bytes().starts_with("HEAD / HTTP/1.1\r\n"));
}

TEST(Http1RequestTest, LineBreakInARenderedHeaderIsUnsafe) {
  auto spec = test::step("home", "/");
  spec.headers = {{"X-Cap", tmpl("{{ cap }}")}};
  auto planned = plan(spec);
  struct Variables : scenario::VariableSource {
    std::string value = "a\r\nGET /smuggled HTTP/1.1";
    const std::string* find(std::string_view) const override { return &value; }
  } variables;
  scenario::RenderContext context;
  context.variables = &variables;
  Http1Request request("h", k_origin.size());
  EXPECT_EQ(request.render(planned->plan, context), Rendered::unsafe);
}

}  // namespace
}  // namespace perfgate::engine
