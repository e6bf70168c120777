// SPDX-License-Identifier: MIT
// The issue's example (examples/api.yaml) loads exactly as written, with every field right; every
// file in examples/ loads.
#include <gtest/gtest.h>

#include <filesystem>

#include "perfgate/scenario/scenario_loader.h"
#include "support/test_paths.h"

namespace perfgate::scenario {
namespace {

using namespace std::chrono_literals;

class ApiExampleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Scenario> loaded = load_scenario((test::source_dir() / "examples/api.yaml").string());
    ASSERT_TRUE(loaded.ok()) << loaded.error().describe();
    m_scenario = std::move(loaded.value());
  }
  const Step& step(size_t journey, size_t index) const {
    return m_scenario.scenarios.at(journey).steps.at(index);
  }
  const Profile& profile(const std::string& name) const { return m_scenario.profiles.at(name); }
  Scenario m_scenario;
};

std::string header_value(const Step& step, const std::string& name) {
  for (const Header& header : step.headers) {
    if (header.name == name) return header.value.source;
  }
  return "<missing>";
}

TEST_F(ApiExampleTest, TopLevelFields) {
  EXPECT_EQ(m_scenario.name, "api");
  EXPECT_EQ(m_scenario.target, "http://127.0.0.1:8080");
  EXPECT_NE(m_scenario.source_file.find("examples/api.yaml"), std::string::npos);
  ASSERT_EQ(m_scenario.scenarios.size(), 2u);
  EXPECT_FALSE(m_scenario.data.has_value());
}

TEST_F(ApiExampleTest, JourneysHaveNamesWeightsAndThink) {
  EXPECT_EQ(m_scenario.scenarios[0].name, "browse");
  EXPECT_EQ(m_scenario.scenarios[0].weight, 3);
  EXPECT_EQ(m_scenario.scenarios[0].think, 0us);
  EXPECT_EQ(m_scenario.scenarios[1].name, "analyst");
  EXPECT_EQ(m_scenario.scenarios[1].weight, 1);
  EXPECT_EQ(m_scenario.scenarios[1].think, 100ms);
  EXPECT_EQ(step(1, 0).think, 100ms);
  EXPECT_EQ(step(0, 0).think, 0us);
}

TEST_F(ApiExampleTest, HomeStepIsAGetWithDefaultHeadersAndTimeout) {
  EXPECT_EQ(step(0, 0).name, "home");
  EXPECT_EQ(step(0, 0).method, HttpMethod::get);
  EXPECT_EQ(step(0, 0).path.source, "/");
  EXPECT_EQ(step(0, 0).timeout, 5s);
  ASSERT_EQ(step(0, 0).headers.size(), 1u);
  EXPECT_EQ(header_value(step(0, 0), "Accept"), "application/json");
  EXPECT_FALSE(step(0, 0).body.has_value());
  EXPECT_TRUE(step(0, 0).checks.empty());
}

TEST_F(ApiExampleTest, LoginPostsJsonWithVuTemplate) {
  const Step& login = step(1, 0);
  EXPECT_EQ(login.method, HttpMethod::post);
  EXPECT_EQ(login.path.source, "/api/auth/login");
  ASSERT_TRUE(login.body.has_value());
  std::string body;
  render(*login.body, RenderContext{nullptr, 7, 0, nullptr}, body);
  EXPECT_EQ(body, R"({"username":"analyst7","password":"secret"})");
  EXPECT_EQ(header_value(login, "Content-Type"), "application/json");
  EXPECT_EQ(header_value(login, "Accept"), "application/json");
}

TEST_F(ApiExampleTest, LoginCapturesTokenAndChecksStatus) {
  const Step& login = step(1, 0);
  ASSERT_EQ(login.captures.size(), 1u);
  EXPECT_EQ(login.captures[0].variable, "token");
  EXPECT_EQ(login.captures[0].source, CaptureSource::json);
  EXPECT_EQ(login.captures[0].expression, "$.token");
  ASSERT_EQ(login.captures[0].json_path.size(), 1u);
  EXPECT_EQ(login.captures[0].json_path[0].key, "token");
  EXPECT_EQ(login.checks.status, std::vector<int>{200});
}

TEST_F(ApiExampleTest, AlertsKeepsQueryStringAndUsesToken) {
  const Step& alerts = step(1, 1);
  EXPECT_EQ(alerts.path.source, "/api/alerts?limit=50");
  EXPECT_TRUE(alerts.path.is_constant());
  EXPECT_EQ(header_value(alerts, "Authorization"), "Bearer {{ token }}");
  EXPECT_EQ(header_value(alerts, "Accept"), "application/json");
  EXPECT_EQ(alerts.checks.status, std::vector<int>{200});
}

TEST_F(ApiExampleTest, EndpointNamesInOrder) {
  EXPECT_EQ(m_scenario.endpoint_names(), (std::vector<std::string>{"home", "login", "alerts"}));
}

TEST_F(ApiExampleTest, FlatClosedProfilesStartAtTheirLevel) {
  const Profile& baseline = profile("baseline");
  EXPECT_EQ(baseline.model, LoadModel::closed);
  ASSERT_EQ(baseline.stages.size(), 1u);
  EXPECT_EQ(baseline.stages[0].target, 20);
  EXPECT_EQ(baseline.start_target, 20);
  EXPECT_EQ(baseline.duration(), 30s);
  EXPECT_EQ(profile("soak").duration(), 2h);
  EXPECT_EQ(profile("soak").start_target, 50);
}

TEST_F(ApiExampleTest, StagedProfilesRampFromZero) {
  const Profile& stress = profile("stress");
  EXPECT_EQ(stress.model, LoadModel::closed);
  ASSERT_EQ(stress.stages.size(), 3u);
  EXPECT_EQ(stress.start_target, 0);
  EXPECT_EQ(stress.duration(), 120s);
  EXPECT_EQ(stress.stages[2].target, 0);
  EXPECT_EQ(profile_target_at(stress, 15s), 100);
  EXPECT_EQ(profile_target_at(stress, 60s), 200);
  EXPECT_EQ(profile_target_at(stress, 105s), 100);
  EXPECT_EQ(profile("spike").stages.size(), 4u);
  EXPECT_EQ(profile("spike").duration(), 50s);
}

TEST_F(ApiExampleTest, OpenProfiles) {
  const Profile& steady = profile("steady");
  EXPECT_EQ(steady.model, LoadModel::open);
  EXPECT_EQ(steady.start_target, 500);
  EXPECT_EQ(steady.duration(), 60s);
  EXPECT_EQ(profile_target_at(steady, 0s), 500);
  const Profile& ramp = profile("ramp");
  EXPECT_EQ(ramp.model, LoadModel::open);
  EXPECT_EQ(ramp.start_target, 0);
  EXPECT_EQ(ramp.stages[0].target, 1000);
  EXPECT_EQ(profile_target_at(ramp, 15s), 500);
  EXPECT_EQ(m_scenario.profiles.size(), 6u);
}

TEST(ExamplesTest, EveryExampleLoads) {
  int loaded = 0;
  for (const auto& entry : std::filesystem::directory_iterator(test::source_dir() / "examples")) {
    if (entry.path().extension() != ".yaml") continue;
    Result<Scenario> scenario = load_scenario(entry.path().string());
    EXPECT_TRUE(scenario.ok()) << scenario.error().describe();
    ++loaded;
  }
  EXPECT_GE(loaded, 2);
}

}  // namespace
}  // namespace perfgate::scenario
