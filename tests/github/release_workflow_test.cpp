// SPDX-License-Identifier: MIT
// The release workflow (.github/workflows/release.yml) builds and pushes the image that
// action.yml runs: it triggers on version tags only, pushes to ghcr.io with the job's token
// (packages: write), and the tags its step computes for a release include action.yml's image.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <set>
#include <sstream>

#include "perfgate/util/file.h"
#include "support/subprocess.h"
#include "support/test_paths.h"
#include "support/workflow_runner.h"

namespace perfgate::test {
namespace {

YAML::Node release() {
  return YAML::LoadFile((source_dir() / ".github" / "workflows" / "release.yml").string());
}

std::string action_image() {
  return YAML::LoadFile((source_dir() / "action.yml").string())["runs"]["image"].as<std::string>();
}

YAML::Node job() {
  YAML::Node jobs = release()["jobs"];
  EXPECT_EQ(jobs.size(), 1u);
  return jobs.begin()->second;
}

// The first step that `uses` the action (owner/name, any version).
YAML::Node step_using(const std::string& action) {
  for (const auto& step : job()["steps"]) {
    if (step["uses"] && step["uses"].as<std::string>().starts_with(action + "@")) return step;
  }
  ADD_FAILURE() << "no step uses " << action;
  return YAML::Node();
}

struct TagRun {
  int exit_code = 0;
  std::set<std::string> tags;
  std::string err;
};

// Runs the workflow's tag step, as the runner would, for a pushed tag.
TagRun compute_tags(const std::string& tag) {
  std::string script;
  for (const auto& step : job()["steps"]) {
    if (step["id"] && step["id"].as<std::string>() == "tags")
      script = step["run"].as<std::string>();
  }
  EXPECT_FALSE(script.empty()) << "no step with id: tags";
  TempDir dir;
  EXPECT_TRUE(util::write_file_atomic(dir.file("output"), "").ok());
  ProcessOptions options;
  options.env = {{"GITHUB_REF_NAME", tag},
                 {"GITHUB_OUTPUT", dir.file("output")},
                 {"IMAGE", release()["env"]["IMAGE"].as<std::string>()}};
  ProcessResult result = run_process({"/bin/bash", "-e", "-c", script}, options);
  TagRun run{result.exit_code, {}, result.out + result.err};
  std::string tags = parse_github_output(util::read_file(dir.file("output")).value())["tags"];
  std::istringstream list(tags);
  for (std::string tag_name; std::getline(list, tag_name, ',');) run.tags.insert(tag_name);
  return run;
}

TEST(ReleaseWorkflowTest, RunsOnVersionTagsOnly) {
  YAML::Node on = release()["on"];
  ASSERT_TRUE(on.IsMap());
  EXPECT_EQ(on.size(), 1u) << "only pushes trigger a release";
  YAML::Node push = on["push"];
  ASSERT_TRUE(push["tags"]);
  EXPECT_EQ(push["tags"].size(), 1u);
  EXPECT_EQ(push["tags"][0].as<std::string>(), "v*");
  EXPECT_FALSE(push["branches"]) << "a branch push must not publish an image";
}

TEST(ReleaseWorkflowTest, PushesToGhcrWithTheJobTokenAndNoMoreRights) {
  YAML::Node permissions = release()["permissions"];
  ASSERT_TRUE(permissions.IsMap());
  std::map<std::string, std::string> granted;
  for (const auto& entry : permissions) {
    granted[entry.first.as<std::string>()] = entry.second.as<std::string>();
  }
  EXPECT_EQ(granted,
            (std::map<std::string, std::string>{{"contents", "read"}, {"packages", "write"}}));
  YAML::Node login = step_using("docker/login-action");
  EXPECT_EQ(login["with"]["registry"].as<std::string>(), "ghcr.io");
  EXPECT_EQ(login["with"]["password"].as<std::string>(), "${{ secrets.GITHUB_TOKEN }}");
  YAML::Node build = step_using("docker/build-push-action");
  EXPECT_EQ(build["with"]["push"].as<std::string>(), "true");
  EXPECT_EQ(build["with"]["context"].as<std::string>(), ".");
  EXPECT_EQ(build["with"]["file"].as<std::string>(), "Dockerfile");
  EXPECT_EQ(build["with"]["tags"].as<std::string>(), "${{ steps.tags.outputs.tags }}");
}

TEST(ReleaseWorkflowTest, ActionYmlRunsTheImageTheReleasePushes) {
  std::string image = release()["env"]["IMAGE"].as<std::string>();
  EXPECT_EQ(image, "ghcr.io/isectech/perf-gate");
  std::string used = action_image();
  ASSERT_TRUE(used.starts_with("docker://")) << used;
  EXPECT_EQ(used, "docker://" + image + ":v1");
  TagRun run = compute_tags("v1.4.2");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.tags, (std::set<std::string>{image + ":v1.4.2", image + ":v1"}));
  EXPECT_TRUE(run.tags.count(used.substr(9)) > 0) << "a v1 release must move action.yml's image";
}

TEST(ReleaseWorkflowTest, APreReleaseDoesNotMoveTheMajorTag) {
  TagRun run = compute_tags("v2.0.0-rc.1");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.tags, (std::set<std::string>{"ghcr.io/isectech/perf-gate:v2.0.0-rc.1"}));
}

TEST(ReleaseWorkflowTest, ATagThatIsNotAVersionPublishesNothing) {
  for (const char* tag : {"v1", "vnext", "v1.2", "v1.2.3;rm"}) {
    TagRun run = compute_tags(tag);
    EXPECT_NE(run.exit_code, 0) << tag;
    EXPECT_TRUE(run.tags.empty()) << tag;
  }
}

}  // namespace
}  // namespace perfgate::test
