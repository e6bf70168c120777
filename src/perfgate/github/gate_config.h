// SPDX-License-Identifier: MIT
// GateConfig: the settings of `perf-gate gate`, from action inputs (INPUT_*) and command-line
// flags; a flag that was given wins over the input, an input over the default. The table of
// inputs is also what action.yml declares (tests/github/action_yml_test.cpp checks both agree).
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "perfgate/ci/runner_env.h"
#include "perfgate/github/check_publisher.h"
#include "perfgate/stats/verdict.h"
#include "perfgate/util/result.h"

namespace perfgate::github {

// One action input: its name in action.yml (and the flag "--<name>"), default, and description.
struct GateInput {
  const char* name;
  const char* default_value;  // as action.yml's `default` (a string)
  const char* description;
};
std::span<const GateInput> gate_inputs();

enum class CommentMode { always, never, on_failure };
// Where an input's value came from, so that an error can say which `with:` key to fix.
enum class InputOrigin { default_value, input, flag };
// Where the baseline lives: the `baseline` file in the workspace (committed by whoever wants it
// kept), or that path on a data branch of the repository, read and written through the API with
// the token alone (BranchStore).
enum class BaselineStore { file, branch };
// Which verdicts fail the step: `fail` only; `inconclusive` too (the run could not judge);
// `warn` too (and inconclusive, which ranks above warn); `never`.
enum class FailOn { fail, inconclusive, warn, never };

struct GateConfig {
  std::string scenario;    // scenario YAML; required unless `results` is set
  std::string profile;     // profile to run / whose thresholds apply
  std::string target;      // replaces the scenario's target
  std::string thresholds;  // thresholds file
  std::string baseline;    // baseline file (missing file = first run); a path on the branch
  BaselineStore baseline_store = BaselineStore::file;
  std::string baseline_branch = "perf-gate-data";  // baseline-store: branch
  bool update_baseline = false;  // fold this run into the stored baseline after the verdict
  std::string results;           // gate this results file instead of running load
  std::string token;             // github-token; empty = publish nothing
  CommentMode comment = CommentMode::always;
  std::string comment_author = "github-actions[bot]";
  bool issue = false;       // open/comment an issue on regression
  bool close_issue = true;  // close it with a comment when the gate passes again
  std::string issue_label = "performance-regression";
  CheckMode check = CheckMode::check_run;
  FailOn fail_on = FailOn::fail;
  std::string tolerance;  // relative, "0.1" or "10%"; empty = the thresholds' or default
  std::string rollback_webhook;
  std::string rollback_secret;
  std::string rollback_on = "fail";
  std::string report_dir = "perf-gate-report";
  std::string id;  // report / comment marker id; empty = "<scenario>/<profile>"
  bool fail_on_publish_error = false;
  std::vector<std::string> metrics_urls;  // live metrics sinks, KIND=URL (perfgate::live)
  bool fail_on_all_errors = true;         // a run where every request failed fails the gate
  bool insecure = false;                  // do not verify the target's TLS certificate
  bool http2 = false;                     // speak HTTP/2 to the target
  std::string http_client = "auto";       // auto, curl or native (--http-client)
  // Interleaved A/B: the base service's URL (empty: compare with the stored baseline), the
  // rounds of one base and one head block, and the block length.
  std::string baseline_target;
  int ab_rounds = 10;
  std::chrono::microseconds ab_block{2'000'000};
  // Confirmation: re-runs allowed when the gate would fail or cannot judge (all runs are then
  // judged together), and the load time the gate may spend in all (none: no limit).
  int confirm_runs = 0;
  std::optional<std::chrono::microseconds> max_gate_time;
  std::map<std::string, InputOrigin> origins;  // by input name

  // Where `input` came from, as a user reads it: "with: thresholds (INPUT_THRESHOLDS)",
  // "--thresholds", or "" for a default.
  std::string origin_text(const std::string& input) const;
};

// Says where the offending value came from when the error concerns an input: its field is the
// input's name, or its file is the file an input names (e.g. a thresholds file with a typo).
// "…: unknown key 'chek' (thresholds file from with: thresholds, INPUT_THRESHOLDS)".
Error with_input_origin(Error error, const GateConfig& config);

// The thresholds of a gate whose `thresholds` input is empty: an error rate below 1 %, the one
// rule that holds for any service (latency and throughput targets are the user's to set).
// `thresholds: none` gates with no thresholds at all.
inline constexpr const char* k_default_thresholds = "http_req_failed: [\"rate<0.01\"]\n";
inline constexpr const char* k_no_thresholds = "none";

// Resolves every input: `flags` holds the flags that were given (by input name). bad_input names
// the input ("comment: 'sometimes' is not …").
Result<GateConfig> resolve_gate_config(const std::map<std::string, std::string>& flags,
                                       const ci::EnvLookup& env);

// Whether the gate's exit code is a failure for this verdict status name under fail-on.
bool gate_fails(FailOn fail_on, stats::Status verdict);
// "fail", "inconclusive", "warn", "never" (empty: fail); nullopt for anything else.
std::optional<FailOn> parse_fail_on(std::string_view text);

}  // namespace perfgate::github
