// SPDX-License-Identifier: MIT
// action.yml runs the published image and declares exactly the inputs `perf-gate gate` reads (with
// the same defaults) and the outputs it writes; the documentation mentions every input; the
// Dockerfile names only scripts that exist and its runtime stage installs every library the
// binary needs.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <set>

#include "perfgate/github/gate_config.h"
#include "perfgate/github/gate_summary.h"
#include "perfgate/util/file.h"
#include "support/test_paths.h"

namespace perfgate::github {
namespace {

YAML::Node action() {
  return YAML::LoadFile((test::source_dir() / "action.yml").string());
}

// The README once the lead has pasted the GitHub Action section; until then the action's own
// documentation page.
std::string input_documentation() {
  auto file = util::read_file((test::source_dir() / "README.md").string());
  std::string readme = file ? *file : "";
  if (readme.find("github-token") != std::string::npos) return readme;
  return util::read_file((test::source_dir() / "docs" / "github-action.md").string()).value();
}

// The published image (release_workflow_test.cpp checks that the release pushes it), not a build
// of the Dockerfile on every job.
TEST(ActionYmlTest, IsADockerActionRunningThePublishedImage) {
  YAML::Node yml = action();
  EXPECT_EQ(yml["runs"]["using"].as<std::string>(), "docker");
  EXPECT_EQ(yml["runs"]["image"].as<std::string>(), "docker://ghcr.io/isectech/perf-gate:v1");
  EXPECT_FALSE(yml["runs"]["entrypoint"]) << "the image's ENTRYPOINT runs perf-gate gate";
  EXPECT_FALSE(yml["name"].as<std::string>().empty());
  EXPECT_FALSE(yml["description"].as<std::string>().empty());
}

TEST(ActionYmlTest, InputsMatchWhatTheGateReads) {
  YAML::Node inputs = action()["inputs"];
  std::set<std::string> declared;
  for (const auto& entry : inputs) declared.insert(entry.first.as<std::string>());
  std::set<std::string> read;
  for (const GateInput& input : gate_inputs()) read.insert(input.name);
  EXPECT_EQ(declared, read);
  for (const GateInput& input : gate_inputs()) {
    YAML::Node node = inputs[input.name];
    ASSERT_TRUE(node) << input.name;
    EXPECT_FALSE(node["description"].as<std::string>("").empty()) << input.name;
    ASSERT_TRUE(node["default"]) << input.name;
    EXPECT_EQ(node["default"].as<std::string>(), input.default_value) << input.name;
  }
}

TEST(ActionYmlTest, TheIssuesInputsAreThere) {
  YAML::Node inputs = action()["inputs"];
  for (const char* name : {"scenario", "profile", "target", "thresholds", "baseline", "results",
                           "github-token", "comment", "issue", "check", "fail-on", "tolerance",
                           "rollback-webhook", "rollback-secret"}) {
    EXPECT_TRUE(inputs[name]) << name;
  }
  EXPECT_EQ(inputs["comment"]["default"].as<std::string>(), "true");
  EXPECT_EQ(inputs["check"]["default"].as<std::string>(), "check-run");
  EXPECT_EQ(inputs["fail-on"]["default"].as<std::string>(), "fail");
  EXPECT_EQ(inputs["github-token"]["default"].as<std::string>(), "${{ github.token }}");
}

TEST(ActionYmlTest, OutputsMatchWhatTheGateWrites) {
  YAML::Node outputs = action()["outputs"];
  std::set<std::string> declared;
  for (const auto& entry : outputs) {
    declared.insert(entry.first.as<std::string>());
    EXPECT_FALSE(entry.second["description"].as<std::string>("").empty());
    EXPECT_FALSE(entry.second["value"]) << "docker actions have no output values";
  }
  std::vector<std::string> names = gate_output_names();
  EXPECT_EQ(declared, std::set<std::string>(names.begin(), names.end()));
}

TEST(ActionYmlTest, DocumentationMentionsEveryInputAndOutput) {
  std::string docs = input_documentation();
  for (const GateInput& input : gate_inputs()) {
    EXPECT_NE(docs.find(std::string("`") + input.name + "`"), std::string::npos) << input.name;
  }
  for (const std::string& name : gate_output_names()) {
    EXPECT_NE(docs.find("`" + name + "`"), std::string::npos) << name;
  }
}

TEST(DockerfileTest, NamesOnlyExistingScriptsAndShipsEveryRuntimeLibrary) {
  std::string command = (test::source_dir() / "scripts" / "docker-build-steps.sh").string() +
                        " check " + test::perf_gate_binary().string();
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
}

// GitHub's Dockerfile support: container actions run as the default user, root; a USER line
// makes reports silently unwritable on a root-owned workspace (a job `container:`).
TEST(DockerfileTest, RunsAsTheDefaultUserWithGateEntrypoint) {
  std::string dockerfile = util::read_file((test::source_dir() / "Dockerfile").string()).value();
  EXPECT_NE(dockerfile.find("FROM debian:bookworm AS build"), std::string::npos);
  EXPECT_EQ(dockerfile.find("\nUSER "), std::string::npos);
  EXPECT_NE(dockerfile.find(R"(ENTRYPOINT ["/usr/local/bin/perf-gate", "gate"])"),
            std::string::npos);
}

}  // namespace
}  // namespace perfgate::github
