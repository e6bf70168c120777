// SPDX-License-Identifier: MIT
#include "perfgate/github/gate_config.h"

#include <fmt/format.h>

#include <cstdlib>
#include <utility>

#include "perfgate/util/duration.h"

namespace perfgate::github {
namespace {

constexpr GateInput k_inputs[] = {
    {"scenario", "", "Scenario file (YAML) to run; required unless `results` is given"},
    {"profile", "",
     "Profile of the scenario to run and whose thresholds apply (default: baseline)"},
    {"target", "", "Base URL that replaces the scenario's target"},
    {"thresholds", "",
     "Thresholds file (k6 syntax, YAML or JSON); empty: error rate < 1% (http_req_failed: "
     "rate<0.01); none: no thresholds"},
    {"baseline", "", "Baseline file to compare with; a missing file means the first run"},
    {"baseline-store", "file",
     "Where `baseline` is: file (in the workspace, e.g. committed) or branch (that path on the "
     "data branch baseline-branch, read and written through the API with github-token alone)"},
    {"baseline-branch", "perf-gate-data",
     "baseline-store: branch: the data branch holding the baselines (created when missing)"},
    {"update-baseline", "false",
     "Fold this run into the baseline after the verdict (e.g. on pushes to the default branch): "
     "the file is rewritten, or the branch updated with a compare-and-swap that loses no run"},
    {"baseline-target", "",
     "Base URL of the baseline service (e.g. main's build beside the PR's): run interleaved A/B "
     "on this runner, base and head alternating in blocks, instead of comparing with a stored "
     "baseline (the recommended mode for pull requests)"},
    {"ab-rounds", "10", "Interleaved A/B: rounds of one base and one head block (at least 5)"},
    {"ab-block", "2s", "Interleaved A/B: the length of each block"},
    {"confirm-runs", "0",
     "Re-run the load up to this many times (0-5) when the gate would fail or cannot judge, and "
     "decide on all runs together: a disturbed run cannot fail the gate alone"},
    {"max-gate-time", "",
     "Longest the gate may spend on load, confirmation runs included (e.g. 5m); empty: no limit "
     "beyond confirm-runs"},
    {"results", "",
     "Gate this existing results file instead of running load; a directory or a glob of "
     "shards' results files is merged first"},
    {"github-token", "${{ github.token }}",
     "Token for comments, issues and checks; empty disables publishing"},
    {"comment", "true", "Sticky PR comment: true, false or on-failure"},
    {"comment-author", "github-actions[bot]",
     "Login that owns the sticky comment (set it when github-token is a PAT or an App token)"},
    {"issue", "false", "Open (or comment on) an issue when the gate fails: true or false"},
    {"issue-label", "performance-regression", "Label of the regression issue"},
    {"close-issue", "true", "Close the regression issue with a comment when the gate passes again"},
    {"check", "check-run", "Verdict on the commit: check-run, status or false"},
    {"fail-on", "fail",
     "Which verdict fails the step: fail, inconclusive (fail or could not judge), warn or never"},
    {"tolerance", "", "Smallest relative change that counts as a regression (0.1 or 10%)"},
    {"rollback-webhook", "", "URL to POST a signed rollback request to when a deployment fails"},
    {"rollback-secret", "", "Secret that signs the rollback request (HMAC-SHA256)"},
    {"rollback-on", "fail", "Least severe verdict that rolls back: fail or warn"},
    {"report-dir", "perf-gate-report", "Directory for the Markdown, HTML, JUnit and JSON reports"},
    {"id", "", "Id of this gate in comments and reports (default: scenario/profile)"},
    {"fail-on-publish-error", "false", "Fail the step when publishing to GitHub fails"},
    {"metrics-url", "",
     "Stream live metrics while the run goes: KIND=URL (influxdb=... or prometheus=...), "
     "several separated by spaces or new lines"},
    {"fail-on-all-errors", "true",
     "Fail the gate when every request failed (false: the checks decide, e.g. no data)"},
    {"insecure", "false", "Do not verify the target's TLS certificate (self-signed targets)"},
    {"http2", "false", "Speak HTTP/2 to the target (ALPN over TLS, prior knowledge over http://)"},
    {"http-client", "auto",
     "HTTP client: auto (perf-gate's HTTP/1.1 client for http:// targets, libcurl otherwise), "
     "curl or native"},
};

Error input_error(const std::string& name, const std::string& message);

Status parse_ab_settings(const std::string& rounds, const std::string& block, GateConfig& c) {
  if (!rounds.empty()) {
    char* end = nullptr;
    long value = std::strtol(rounds.c_str(), &end, 10);
    if (end == rounds.c_str() || *end != '\0' || value < 5 || value > 1000) {
      return input_error("ab-rounds",
                         fmt::format("'{}' is not a whole number from 5 to 1000", rounds));
    }
    c.ab_rounds = static_cast<int>(value);
  }
  if (!block.empty()) {
    auto parsed = util::parse_duration(block);
    if (!parsed || parsed->count() <= 0) {
      return input_error("ab-block",
                         fmt::format("'{}' is not a positive duration (e.g. 2s, 500ms)", block));
    }
    c.ab_block = *parsed;
  }
  return ok_status();
}

Status parse_confirm_settings(const std::string& runs, const std::string& budget, GateConfig& c) {
  if (!runs.empty()) {
    char* end = nullptr;
    long value = std::strtol(runs.c_str(), &end, 10);
    if (end == runs.c_str() || *end != '\0' || value < 0 || value > 5) {
      return input_error("confirm-runs",
                         fmt::format("'{}' is not a whole number from 0 to 5", runs));
    }
    c.confirm_runs = static_cast<int>(value);
  }
  if (!budget.empty()) {
    auto parsed = util::parse_duration(budget);
    if (!parsed || parsed->count() <= 0) {
      return input_error("max-gate-time",
                         fmt::format("'{}' is not a positive duration (e.g. 5m, 90s)", budget));
    }
    c.max_gate_time = *parsed;
  }
  return ok_status();
}

Error input_error(const std::string& name, const std::string& message) {
  Error error = Error::bad_input(message);
  error.field = name;
  return error;
}

// "a b\nc" → {"a", "b", "c"}: a list input, one value per word.
std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text + ' ') {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      if (!word.empty()) words.push_back(std::exchange(word, {}));
    } else {
      word += c;
    }
  }
  return words;
}

Result<bool> boolean(const std::string& name, const std::string& value) {
  auto parsed = ci::parse_boolean_input(name, value);
  if (!parsed) return parsed.error();
  return parsed->value_or(false);
}

}  // namespace

std::span<const GateInput> gate_inputs() {
  return k_inputs;
}

Result<GateConfig> resolve_values(const std::map<std::string, std::string>& flags,
                                  const ci::EnvLookup& env, GateConfig& c) {
  std::map<std::string, std::string> v;
  for (const GateInput& input : k_inputs) {
    auto flag = flags.find(input.name);
    std::string from_env = ci::get_input(env, input.name);
    if (flag != flags.end()) {
      v[input.name] = flag->second;
      c.origins[input.name] = InputOrigin::flag;
    } else if (env(ci::input_env_name(input.name)).has_value()) {
      v[input.name] = from_env;  // the runner sets every declared input, "" included
      c.origins[input.name] = InputOrigin::input;
    } else {
      v[input.name] = input.default_value;
      c.origins[input.name] = InputOrigin::default_value;
    }
  }
  // Outside Actions the expression default means nothing: no token unless one is given.
  if (v["github-token"].starts_with("${{")) v["github-token"] = "";
  c.scenario = v["scenario"];
  c.profile = v["profile"];
  c.target = v["target"];
  c.thresholds = v["thresholds"];
  c.baseline = v["baseline"];
  c.baseline_branch = v["baseline-branch"].empty() ? "perf-gate-data" : v["baseline-branch"];
  c.results = v["results"];
  c.token = v["github-token"];
  c.comment_author = v["comment-author"].empty() ? "github-actions[bot]" : v["comment-author"];
  c.issue_label = v["issue-label"].empty() ? "performance-regression" : v["issue-label"];
  c.tolerance = v["tolerance"];
  c.rollback_webhook = v["rollback-webhook"];
  c.rollback_secret = v["rollback-secret"];
  c.rollback_on = v["rollback-on"].empty() ? "fail" : v["rollback-on"];
  c.report_dir = v["report-dir"].empty() ? "perf-gate-report" : v["report-dir"];
  c.id = v["id"];
  c.metrics_urls = split_words(v["metrics-url"]);
  c.baseline_target = v["baseline-target"];
  if (auto ab = parse_ab_settings(v["ab-rounds"], v["ab-block"], c); !ab) return ab.error();
  if (auto confirm = parse_confirm_settings(v["confirm-runs"], v["max-gate-time"], c); !confirm)
    return confirm.error();
  const std::string& comment = v["comment"];
  if (comment == "on-failure") {
    c.comment = CommentMode::on_failure;
  } else {
    auto on = ci::parse_boolean_input("comment", comment.empty() ? "true" : comment);
    if (!on)
      return input_error("comment", fmt::format("'{}' is not true, false or on-failure", comment));
    c.comment = **on ? CommentMode::always : CommentMode::never;
  }
  for (auto [name, field] :
       {std::pair{"issue", &c.issue}, std::pair{"close-issue", &c.close_issue},
        std::pair{"fail-on-publish-error", &c.fail_on_publish_error},
        std::pair{"fail-on-all-errors", &c.fail_on_all_errors}, std::pair{"insecure", &c.insecure},
        std::pair{"http2", &c.http2}, std::pair{"update-baseline", &c.update_baseline}}) {
    if (v[name].empty()) continue;
    auto value = boolean(name, v[name]);
    if (!value) return value.error();
    *field = *value;
  }
  auto check = parse_check_mode(v["check"]);
  if (!check) return check.error();
  c.check = *check;
  const std::string& fail_on = v["fail-on"];
  if (auto parsed = parse_fail_on(fail_on)) {
    c.fail_on = *parsed;
  } else {
    return input_error("fail-on",
                       fmt::format("'{}' is not fail, inconclusive, warn or never", fail_on));
  }
  if (c.rollback_on != "fail" && c.rollback_on != "warn") {
    return input_error("rollback-on", fmt::format("'{}' is not fail or warn", c.rollback_on));
  }
  c.http_client = v["http-client"].empty() ? "auto" : v["http-client"];
  if (c.http_client != "auto" && c.http_client != "curl" && c.http_client != "native") {
    return input_error("http-client",
                       fmt::format("'{}' is not auto, curl or native", c.http_client));
  }
  const std::string& store = v["baseline-store"];
  if (store.empty() || store == "file") {
    c.baseline_store = BaselineStore::file;
  } else if (store == "branch") {
    c.baseline_store = BaselineStore::branch;
  } else {
    return input_error("baseline-store", fmt::format("'{}' is not file or branch", store));
  }
  if (c.baseline.empty() && (c.update_baseline || c.baseline_store == BaselineStore::branch)) {
    return input_error("baseline", c.update_baseline
                                       ? "update-baseline needs the baseline's path"
                                       : "baseline-store: branch needs the baseline's path on "
                                         "the branch");
  }
  if (c.baseline_store == BaselineStore::branch && c.token.empty()) {
    return input_error("github-token",
                       "baseline-store: branch reads the baseline through the GitHub API: give a "
                       "token");
  }
  if (c.scenario.empty() && c.results.empty()) {
    return input_error("scenario", "give a scenario to run, or results to gate");
  }
  return c;
}

Result<GateConfig> resolve_gate_config(const std::map<std::string, std::string>& flags,
                                       const ci::EnvLookup& env) {
  GateConfig config;
  auto resolved = resolve_values(flags, env, config);
  if (!resolved) return with_input_origin(resolved.error(), config);
  return resolved;
}

std::string GateConfig::origin_text(const std::string& input) const {
  auto it = origins.find(input);
  if (it == origins.end()) return "";
  switch (it->second) {
    case InputOrigin::input:
      return fmt::format("with: {} / {}", input, ci::input_env_name(input));
    case InputOrigin::flag:
      return "--" + input;
    case InputOrigin::default_value:
      return "";
  }
  return "";
}

Error with_input_origin(Error error, const GateConfig& config) {
  std::string input;
  if (config.origins.count(error.field) > 0) input = error.field;
  const std::pair<const char*, const std::string*> files[] = {{"scenario", &config.scenario},
                                                              {"thresholds", &config.thresholds},
                                                              {"baseline", &config.baseline},
                                                              {"results", &config.results}};
  for (auto [name, value] : files) {
    if (!input.empty()) break;
    if (error.location && !value->empty() && error.location->file == *value) input = name;
  }
  std::string origin = input.empty() ? "" : config.origin_text(input);
  if (origin.empty()) return error;
  if (input == error.field) {
    error.message += fmt::format(" (from {})", origin);
  } else {
    error.message += fmt::format(" ({} file from {})", input, origin);
  }
  return error;
}

std::optional<FailOn> parse_fail_on(std::string_view text) {
  if (text.empty() || text == "fail") return FailOn::fail;
  if (text == "inconclusive") return FailOn::inconclusive;
  if (text == "warn") return FailOn::warn;
  if (text == "never") return FailOn::never;
  return std::nullopt;
}

bool gate_fails(FailOn fail_on, stats::Status verdict) {
  switch (fail_on) {
    case FailOn::fail:
      return verdict == stats::Status::fail;
    case FailOn::inconclusive:
      return verdict >= stats::Status::inconclusive;
    case FailOn::warn:
      return verdict >= stats::Status::warn;
    case FailOn::never:
      return false;
  }
  return verdict == stats::Status::fail;
}

}  // namespace perfgate::github
