// SPDX-License-Identifier: MIT
// deploy/kubernetes/, checked at the schema level (no cluster runs here): the Indexed Job's
// shard wiring (completions = parallelism = --shards, the index from the completion-index
// annotation, the shared start time, results on the shared volume), the merge-and-gate Job
// reading what the shards write, and the ConfigMap's scenario and thresholds loading and
// splitting over the shards.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <string>
#include <vector>

#include "perfgate/engine/run_plan.h"
#include "perfgate/scenario/scenario_loader.h"
#include "perfgate/stats/thresholds.h"
#include "support/test_paths.h"

namespace perfgate::cli {
namespace {

YAML::Node manifest(const std::string& name) {
  return YAML::LoadFile((test::source_dir() / "deploy" / "kubernetes" / name).string());
}

std::vector<std::string> strings(const YAML::Node& list) {
  std::vector<std::string> out;
  for (const auto& item : list) out.push_back(item.as<std::string>());
  return out;
}

// The value after `flag` in `args`, or "".
std::string flag_value(const std::vector<std::string>& args, const std::string& flag) {
  auto it = std::find(args.begin(), args.end(), flag);
  return it == args.end() || it + 1 == args.end() ? "" : *(it + 1);
}

YAML::Node env_named(const YAML::Node& container, const std::string& name) {
  for (const auto& env : container["env"]) {
    if (env["name"].as<std::string>() == name) return env;
  }
  return YAML::Node();
}

std::string mount_of(const YAML::Node& pod, const YAML::Node& container,
                     const std::string& volume_kind, const std::string& object_name) {
  for (const auto& volume : pod["volumes"]) {
    YAML::Node source = volume[volume_kind];
    if (!source) continue;
    std::string name = source[volume_kind == "configMap" ? "name" : "claimName"].as<std::string>();
    if (name != object_name) continue;
    for (const auto& mount : container["volumeMounts"]) {
      if (mount["name"].as<std::string>() == volume["name"].as<std::string>())
        return mount["mountPath"].as<std::string>();
    }
  }
  return "";
}

TEST(KubernetesManifestsTest, ShardsAreAnIndexedJobWiredToTheCompletionIndex) {
  YAML::Node job = manifest("shards-job.yaml");
  EXPECT_EQ(job["apiVersion"].as<std::string>(), "batch/v1");
  EXPECT_EQ(job["kind"].as<std::string>(), "Job");
  YAML::Node spec = job["spec"];
  EXPECT_EQ(spec["completionMode"].as<std::string>(), "Indexed");
  int shards = spec["completions"].as<int>();
  EXPECT_GT(shards, 1);
  EXPECT_EQ(spec["parallelism"].as<int>(), shards) << "every shard must run at once";
  // A failed shard must not stop the others (backoffLimit: 0 would fail the whole Job), nor be
  // retried (it would start late and send its share twice).
  EXPECT_FALSE(spec["backoffLimit"]) << "use backoffLimitPerIndex";
  ASSERT_TRUE(spec["backoffLimitPerIndex"]);
  EXPECT_EQ(spec["backoffLimitPerIndex"].as<int>(), 0);
  YAML::Node pod = spec["template"]["spec"];
  EXPECT_EQ(pod["restartPolicy"].as<std::string>(), "Never");
  ASSERT_EQ(pod["containers"].size(), 1u);
  YAML::Node container = pod["containers"][0];
  EXPECT_FALSE(container["image"].as<std::string>().empty());
  EXPECT_EQ(strings(container["command"]), std::vector<std::string>{"/usr/local/bin/perf-gate"});
  std::vector<std::string> args = strings(container["args"]);
  ASSERT_FALSE(args.empty());
  EXPECT_EQ(args[0], "run");
  EXPECT_EQ(flag_value(args, "--shards"), std::to_string(shards));
  EXPECT_EQ(std::count(args.begin(), args.end(), "--shard"), 0) << "the index comes from the Job";

  YAML::Node index = env_named(container, "JOB_COMPLETION_INDEX");
  ASSERT_TRUE(index) << "JOB_COMPLETION_INDEX must be declared for $(…) in args";
  EXPECT_EQ(index["valueFrom"]["fieldRef"]["fieldPath"].as<std::string>(),
            "metadata.annotations['batch.kubernetes.io/job-completion-index']");
  EXPECT_EQ(flag_value(args, "--start-at"), "$(PERF_GATE_START_AT)");
  YAML::Node start = env_named(container, "PERF_GATE_START_AT");
  ASSERT_TRUE(start);
  EXPECT_EQ(start["valueFrom"]["configMapKeyRef"]["key"].as<std::string>(), "start-at");

  std::string results_mount =
      mount_of(pod, container, "persistentVolumeClaim",
               manifest("results-pvc.yaml")["metadata"]["name"].as<std::string>());
  ASSERT_FALSE(results_mount.empty()) << "results must go to the shared volume";
  std::string out = flag_value(args, "--out");
  EXPECT_TRUE(out.starts_with(results_mount + "/")) << out;
  EXPECT_NE(out.find("$(JOB_COMPLETION_INDEX)"), std::string::npos) << "one file per shard";
  std::string scenario_mount =
      mount_of(pod, container, "configMap",
               manifest("scenario-configmap.yaml")["metadata"]["name"].as<std::string>());
  ASSERT_FALSE(scenario_mount.empty());
  EXPECT_TRUE(args[1].starts_with(scenario_mount + "/")) << args[1];
}

TEST(KubernetesManifestsTest, MergeJobGatesTheDirectoryTheShardsWrite) {
  YAML::Node shards_job = manifest("shards-job.yaml");
  std::string out =
      flag_value(strings(shards_job["spec"]["template"]["spec"]["containers"][0]["args"]), "--out");
  std::string shard_dir = out.substr(0, out.rfind('/'));

  YAML::Node job = manifest("merge-gate-job.yaml");
  EXPECT_EQ(job["kind"].as<std::string>(), "Job");
  EXPECT_NE(job["spec"]["completionMode"].as<std::string>("NonIndexed"), "Indexed");
  YAML::Node pod = job["spec"]["template"]["spec"];
  EXPECT_EQ(pod["restartPolicy"].as<std::string>(), "Never");
  YAML::Node gate = pod["containers"][0];
  std::vector<std::string> args = strings(gate["args"]);
  ASSERT_FALSE(args.empty());
  EXPECT_EQ(args[0], "gate");
  EXPECT_EQ(flag_value(args, "--results"), shard_dir);
  EXPECT_FALSE(flag_value(args, "--report-dir").starts_with(shard_dir + "/"))
      << "reports inside the shards' directory would be read as results";
  std::string pvc = manifest("results-pvc.yaml")["metadata"]["name"].as<std::string>();
  EXPECT_FALSE(mount_of(pod, gate, "persistentVolumeClaim", pvc).empty());
  // The wait before it is bounded and counts the shards the Indexed Job runs.
  ASSERT_EQ(pod["initContainers"].size(), 1u);
  std::string wait = strings(pod["initContainers"][0]["args"]).at(0);
  EXPECT_NE(wait.find("shards=" + shards_job["spec"]["completions"].as<std::string>()),
            std::string::npos)
      << wait;
  EXPECT_NE(wait.find("-lt 1800"), std::string::npos) << "the wait must be bounded";
}

TEST(KubernetesManifestsTest, TheExampleScenarioLoadsAndSplitsOverTheShards) {
  YAML::Node config = manifest("scenario-configmap.yaml");
  EXPECT_EQ(config["kind"].as<std::string>(), "ConfigMap");
  auto scenario = scenario::parse_scenario(config["data"]["scenario.yaml"].as<std::string>(),
                                           "scenario.yaml", ".");
  ASSERT_TRUE(scenario.ok()) << scenario.error().describe();
  auto thresholds = stats::parse_thresholds(config["data"]["thresholds.yaml"].as<std::string>(),
                                            "thresholds.yaml");
  ASSERT_TRUE(thresholds.ok()) << thresholds.error().describe();
  YAML::Node shards_job = manifest("shards-job.yaml");
  std::vector<std::string> args =
      strings(shards_job["spec"]["template"]["spec"]["containers"][0]["args"]);
  int shards = shards_job["spec"]["completions"].as<int>();
  for (int i = 0; i < shards; ++i) {
    engine::RunOptions options;
    options.profile = flag_value(args, "--profile");
    options.shard = engine::Shard{i, shards};
    auto plan = engine::make_plan(*scenario, options, 1 << 20);
    ASSERT_TRUE(plan.ok()) << plan.error().describe();
  }
  YAML::Node pvc = manifest("results-pvc.yaml");
  EXPECT_EQ(strings(pvc["spec"]["accessModes"]), std::vector<std::string>{"ReadWriteMany"});
}

}  // namespace
}  // namespace perfgate::cli
