// SPDX-License-Identifier: MIT
// Issue #9's verdicts end to end on a real server: nginx (Debian's, with its echo module for a
// delayed endpoint) on loopback, the built perf-gate running the load. Changes are large (3×)
// so that the answer does not depend on how busy the machine is; the real-noise figures for
// smaller changes come from bench/verdict_real_server.py.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "perfgate/util/file.h"
#include "support/nginx_server.h"
#include "support/subprocess.h"
#include "support/test_paths.h"

namespace perfgate::cli {
namespace {

using test::run_perf_gate;

// `fast` answers at once, `slow` after `slow_ms`.
test::NginxOptions delayed(int slow_ms) {
  test::NginxOptions options;
  options.locations = fmt::format(
      "location = /fast {{ return 200 'ok'; }}\n"
      "    location = /slow {{ echo_sleep {:.3f}; echo ok; }}",
      slow_ms / 1000.0);
  return options;
}

std::string write_scenario(const test::TempDir& dir) {
  std::string path = dir.file("api.yaml");
  bool written = util::write_file_atomic(path, R"(name: api
target: http://127.0.0.1:1
scenarios:
  - name: browse
    steps:
      - name: fast
        get: /fast
      - name: slow
        get: /slow
profiles:
  baseline: { vus: 4, duration: 5s }
)")
                     .ok();
  EXPECT_TRUE(written);
  return path;
}

nlohmann::json read_json(const std::string& path) {
  return nlohmann::json::parse(util::read_file(path).value());
}

// Endpoints with a failing check. The run's throughput (no endpoint) is left out: in a closed
// model a slower endpoint lowers it too, as a consequence.
std::vector<std::string> failing_endpoints(const nlohmann::json& verdict) {
  std::vector<std::string> names;
  for (const auto& check : verdict["checks"]) {
    if (check["status"] == "fail" && !check["endpoint"].get<std::string>().empty()) {
      names.push_back(check["endpoint"].get<std::string>());
    }
  }
  return names;
}

TEST(VerdictOnNginxTest, AbFailsATripledEndpointAndNamesOnlyIt) {
  test::NginxServer base(delayed(10));
  test::NginxServer head(delayed(30));
  test::TempDir dir;
  auto result = run_perf_gate({"ab", write_scenario(dir), "--baseline-target", base.base_url(),
                               "--target", head.base_url(), "--rounds", "6", "--block", "1s",
                               "--out-dir", dir.file("ab")});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.err.find("ab round 6/6: base p50"), std::string::npos) << result.err;
  nlohmann::json verdict = read_json(dir.file("ab/verdict.json"));
  EXPECT_EQ(verdict["verdict"], "fail");
  std::vector<std::string> failing = failing_endpoints(verdict);
  EXPECT_FALSE(failing.empty());
  for (const std::string& endpoint : failing) EXPECT_EQ(endpoint, "slow") << result.out;
  for (const auto& check : verdict["checks"]) {
    if (check["kind"] == "regression") {
      EXPECT_EQ(check["method"].get<std::string>().rfind("interleaved-paired-t(", 0), 0u);
    }
  }
  // Both sides' results are kept, joined in sequence: 6 blocks of about 1 s each.
  nlohmann::json base_results = read_json(dir.file("ab/base.json"));
  EXPECT_EQ(base_results["meta"]["target"], base.base_url());
}

TEST(VerdictOnNginxTest, AbOfTheSameServerDoesNotFail) {
  test::NginxServer server(delayed(10));
  test::TempDir dir;
  auto result = run_perf_gate({"ab", write_scenario(dir), "--baseline-target", server.base_url(),
                               "--target", server.base_url(), "--rounds", "6", "--block", "1s",
                               "--out-dir", dir.file("ab"), "--progress", "off"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  nlohmann::json verdict = read_json(dir.file("ab/verdict.json"));
  EXPECT_NE(verdict["verdict"], "fail") << result.out;
  EXPECT_EQ(result.err.find("ab round"), std::string::npos) << result.err;  // --progress off
}

TEST(VerdictOnNginxTest, OneRunBaselineFailsATripledEndpointInFiveSecondRuns) {
  test::NginxServer before(delayed(10));
  test::NginxServer after(delayed(30));
  test::TempDir dir;
  std::string scenario = write_scenario(dir);
  auto first = run_perf_gate({"run", scenario, "--target", before.base_url(), "--out",
                              dir.file("before.json"), "--progress", "off"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto update = run_perf_gate(
      {"baseline", "update", dir.file("before.json"), "--baseline", dir.file("baseline.json")});
  ASSERT_EQ(update.exit_code, 0) << update.err;
  auto second = run_perf_gate({"run", scenario, "--target", after.base_url(), "--out",
                               dir.file("after.json"), "--progress", "off"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  auto compare = run_perf_gate({"compare", dir.file("after.json"), "--baseline",
                                dir.file("baseline.json"), "--out", dir.file("verdict.json")});
  EXPECT_EQ(compare.exit_code, 1) << compare.out << compare.err;
  nlohmann::json verdict = read_json(dir.file("verdict.json"));
  std::vector<std::string> failing = failing_endpoints(verdict);
  EXPECT_FALSE(failing.empty()) << compare.out;
  for (const std::string& endpoint : failing) EXPECT_EQ(endpoint, "slow") << compare.out;
}

TEST(VerdictOnNginxTest, GateWithABaselineTargetRunsInterleavedAB) {
  test::NginxServer base(delayed(10));
  test::NginxServer head(delayed(30));
  test::TempDir dir;
  test::ProcessOptions options;
  options.unset_env = {"GITHUB_ACTIONS", "GITHUB_EVENT_PATH", "GITHUB_OUTPUT",
                       "GITHUB_STEP_SUMMARY"};
  auto result = run_perf_gate(
      {"gate", "--scenario", write_scenario(dir), "--target", head.base_url(), "--baseline-target",
       base.base_url(), "--ab-rounds", "5", "--ab-block", "1s", "--thresholds", "none",
       "--github-token", "", "--report-dir", dir.file("report")},
      options);
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  nlohmann::json report = read_json(dir.file("report/report.json"));
  const nlohmann::json& verdict = report["verdict"];
  EXPECT_EQ(verdict["verdict"], "fail");
  std::vector<std::string> failing = failing_endpoints(verdict);
  EXPECT_FALSE(failing.empty());
  for (const std::string& endpoint : failing) EXPECT_EQ(endpoint, "slow");
  // Both sides' results are kept beside the reports.
  EXPECT_EQ(read_json(dir.file("report/base-results.json"))["meta"]["target"], base.base_url());
  EXPECT_EQ(read_json(dir.file("report/results.json"))["meta"]["target"], head.base_url());
}

// A baseline of one run against a 10 ms `slow` endpoint, in dir/baseline.json.
void record_one_run_baseline(const test::TempDir& dir, const std::string& scenario,
                             const std::string& target) {
  auto first = run_perf_gate({"run", scenario, "--target", target, "--duration", "3s", "--out",
                              dir.file("before.json"), "--progress", "off"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto update = run_perf_gate(
      {"baseline", "update", dir.file("before.json"), "--baseline", dir.file("baseline.json")});
  ASSERT_EQ(update.exit_code, 0) << update.err;
}

test::ProcessOptions outside_actions() {
  test::ProcessOptions options;
  options.unset_env = {"GITHUB_ACTIONS", "GITHUB_EVENT_PATH", "GITHUB_OUTPUT",
                       "GITHUB_STEP_SUMMARY"};
  return options;
}

bool has_note_containing(const nlohmann::json& verdict, const std::string& text) {
  for (const auto& note : verdict["notes"]) {
    if (note.get<std::string>().find(text) != std::string::npos) return true;
  }
  return false;
}

// A gate of 3 s runs of the 30 ms `slow` against a one-run baseline of the 10 ms one, with
// `confirmation` flags; its reports in dir/report.
test::ProcessResult gate_a_tripled_endpoint(const test::TempDir& dir,
                                            std::vector<std::string> confirmation) {
  test::NginxServer before(delayed(10));
  test::NginxServer after(delayed(30));
  std::string scenario = write_scenario(dir);
  record_one_run_baseline(dir, scenario, before.base_url());
  std::vector<std::string> args{"gate",
                                "--scenario",
                                scenario,
                                "--target",
                                after.base_url(),
                                "--duration",
                                "3s",
                                "--baseline",
                                dir.file("baseline.json"),
                                "--thresholds",
                                "none",
                                "--github-token",
                                "",
                                "--report-dir",
                                dir.file("report")};
  args.insert(args.end(), confirmation.begin(), confirmation.end());
  return run_perf_gate(args, outside_actions());
}

TEST(VerdictOnNginxTest, GateConfirmsAFailureWithASecondRunAndJudgesBothTogether) {
  test::TempDir dir;
  auto gate = gate_a_tripled_endpoint(dir, {"--confirm-runs", "1"});
  EXPECT_EQ(gate.exit_code, 1) << gate.out << gate.err;
  EXPECT_NE(gate.err.find("confirming with run 2 of 2"), std::string::npos) << gate.err;
  nlohmann::json verdict = read_json(dir.file("report/report.json"))["verdict"];
  EXPECT_EQ(verdict["verdict"], "fail");
  EXPECT_EQ(verdict["current"]["runs"], 2);
  EXPECT_TRUE(has_note_containing(verdict, "judged on 2 runs")) << verdict["notes"];
  for (const std::string& endpoint : failing_endpoints(verdict)) EXPECT_EQ(endpoint, "slow");
  // results.json holds both runs joined: twice the windows of one 3 s run.
  nlohmann::json joined = read_json(dir.file("report/results.json"));
  nlohmann::json one = read_json(dir.file("before.json"));
  EXPECT_GE(joined["windows"]["total"].size(), 2 * one["windows"]["total"].size() - 1);
}

TEST(VerdictOnNginxTest, GateSkipsAConfirmationThatWouldExceedMaxGateTime) {
  test::TempDir dir;
  auto gate = gate_a_tripled_endpoint(dir, {"--confirm-runs", "2", "--max-gate-time", "4s"});
  EXPECT_EQ(gate.exit_code, 1) << gate.out << gate.err;
  nlohmann::json verdict = read_json(dir.file("report/report.json"))["verdict"];
  EXPECT_EQ(verdict["current"]["runs"], 1);
  EXPECT_TRUE(has_note_containing(verdict, "max-gate-time 4 s leaves room for 1 run of 3 s"))
      << verdict["notes"];
  // No look the budget rules out takes a share of α: the one run is judged at the whole 1 %.
  EXPECT_TRUE(has_note_containing(verdict, "alpha 0.01)")) << verdict["notes"];
}

TEST(VerdictOnNginxTest, GateRejectsABadConfirmRunsBeforeAnyLoad) {
  test::TempDir dir;
  auto result =
      run_perf_gate({"gate", "--scenario", write_scenario(dir), "--target", "http://127.0.0.1:1",
                     "--confirm-runs", "9", "--report-dir", dir.file("report")});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("confirm-runs"), std::string::npos) << result.err;
}

TEST(VerdictOnNginxTest, GateRejectsABadAbBlockBeforeAnyLoad) {
  test::TempDir dir;
  auto result = run_perf_gate({"gate", "--scenario", write_scenario(dir), "--target",
                               "http://127.0.0.1:1", "--baseline-target", "http://127.0.0.1:2",
                               "--ab-block", "soon", "--report-dir", dir.file("report")});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("ab-block"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace perfgate::cli
