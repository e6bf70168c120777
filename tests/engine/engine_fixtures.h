// SPDX-License-Identifier: MIT
// Builders for the engine tests: scenarios are constructed directly (no YAML), aimed at a local
// server on loopback.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "perfgate/engine/load_engine.h"
#include "perfgate/results/run_result.h"
#include "perfgate/scenario/capture.h"
#include "perfgate/scenario/scenario.h"
#include "perfgate/scenario/template.h"

namespace perfgate::test {

using namespace std::chrono_literals;

inline scenario::Template tmpl(const std::string& text) {
  auto parsed = scenario::parse_template(text);
  if (!parsed) throw std::runtime_error(parsed.error().describe());
  return *parsed;
}

inline scenario::Step step(std::string name, const std::string& path,
                           scenario::HttpMethod method = scenario::HttpMethod::get) {
  scenario::Step step;
  step.name = std::move(name);
  step.method = method;
  step.path = tmpl(path);
  step.timeout = 5s;
  return step;
}

inline scenario::UserScenario journey(std::string name, std::vector<scenario::Step> steps,
                                      double weight = 1) {
  scenario::UserScenario journey;
  journey.name = std::move(name);
  journey.weight = weight;
  journey.steps = std::move(steps);
  return journey;
}

inline scenario::Profile closed_profile(double vus, std::chrono::microseconds duration) {
  scenario::Profile profile =
      scenario::flat_profile("test", scenario::LoadModel::closed, vus, duration);
  profile.graceful_stop = 5s;
  return profile;
}

inline scenario::Profile open_profile(double rate, std::chrono::microseconds duration,
                                      std::optional<int> max_vus = std::nullopt) {
  scenario::Profile profile =
      scenario::flat_profile("test", scenario::LoadModel::open, rate, duration);
  profile.max_vus = max_vus;
  profile.graceful_stop = 5s;
  return profile;
}

inline scenario::Scenario make_scenario(const std::string& target,
                                        std::vector<scenario::UserScenario> journeys,
                                        scenario::Profile profile) {
  scenario::Scenario scenario;
  scenario.name = "engine-test";
  scenario.target = target;
  scenario.source_file = "engine-test.yaml";
  scenario.scenarios = std::move(journeys);
  scenario.profiles[profile.name] = profile;
  return scenario;
}

inline engine::RunOptions quiet_options(int threads = 2) {
  engine::RunOptions options;
  options.threads = threads;
  options.progress = engine::ProgressMode::off;
  return options;
}

// The engine tests that apply to both HTTP clients run once per client: a suite derives from
// EngineClientTest, its tests are TEST_P, and its quiet_options() pick the client.
class EngineClientTest : public ::testing::TestWithParam<engine::HttpClient> {
 protected:
  engine::RunOptions quiet_options(int threads = 2) const {
    engine::RunOptions options = test::quiet_options(threads);
    options.http_client = GetParam();
    return options;
  }
};

inline std::string client_name(const ::testing::TestParamInfo<engine::HttpClient>& info) {
  return info.param == engine::HttpClient::native ? "native" : "curl";
}

#define PERFGATE_FOR_EACH_HTTP_CLIENT(suite)                                                   \
  INSTANTIATE_TEST_SUITE_P(                                                                    \
      Clients, suite, ::testing::Values(engine::HttpClient::curl, engine::HttpClient::native), \
      client_name)

inline results::RunResult run_ok(const scenario::Scenario& scenario,
                                 const engine::RunOptions& options) {
  auto result = engine::run_load(scenario, options);
  if (!result) throw std::runtime_error(result.error().describe());
  return std::move(*result);
}

inline const metrics::EndpointMetrics& endpoint(const results::RunResult& result,
                                                const std::string& name) {
  const metrics::EndpointSeries* series = result.metrics.find(name);
  if (series == nullptr) throw std::runtime_error("no endpoint " + name);
  return series->totals;
}

inline int64_t errors_of(const metrics::EndpointMetrics& metrics, metrics::ErrorKind kind) {
  return metrics.errors_by_kind[static_cast<size_t>(kind)];
}

inline double ms(int64_t us) {
  return static_cast<double>(us) / 1000.0;
}

}  // namespace perfgate::test
