// SPDX-License-Identifier: MIT
// A simulated GitHub Actions runner for the example workflows in workflows/: it runs a workflow's
// job step by step in a fresh, empty workspace with the runner's environment variables, a fresh
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY per step, and the event payload at GITHUB_EVENT_PATH.
//   - `actions/checkout` clones a local git repository (the "GitHub" side of the test);
//   - `isectech/perf-gate` runs the built binary as the container would: every input that
//     action.yml declares is set as INPUT_<NAME> (its default, or the step's `with:`), `with:`
//     `entrypoint`/`args` replace `perf-gate gate`; a `with:` key the action does not declare,
//     or a `steps.<id>.outputs.<name>` it does not declare, fails the test;
//   - `run:` steps run in bash (expressions substituted first); `actions/upload-artifact`
//     checks that its path exists and, when the run has an artifact store, copies it there under
//     its name; `actions/download-artifact` copies them back (`pattern`, `merge-multiple`);
//   - `${{ … }}` expressions: github.token, github.sha, github.event_name, github.event.<path>,
//     secrets.<NAME>, vars.<NAME>, steps.<id>.outputs.<name>, needs.<job>.outputs.<name>,
//     matrix.<key>, strategy.job-index, strategy.job-total, and `<expr> == '<text>'` (or !=);
//     `if:` supports always(), success() and `<expr> == '<text>'`;
//   - workflows of several jobs run one job at a time (run_workflow_job), the test playing the
//     scheduler: it passes `needs` outputs and the matrix values of each instance;
//   - the job's `services:` keys resolve to loopback servers the test gives (the job network's
//     DNS): `http://app:8080` in an input becomes `http://127.0.0.1:<port>`.
// Anything the simulator does not understand fails the test rather than being skipped.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace perfgate::test {

struct SimulatedRun {
  std::string workflow;    // path of the workflow file
  std::string event_name;  // "pull_request", "push", "deployment_status"
  nlohmann::json event;    // the payload
  std::string origin;      // git repository that actions/checkout clones
  std::string api_url;     // the fake GitHub API
  std::string token;       // github.token
  std::string repository;  // "owner/repo"
  std::string ref;         // GITHUB_REF
  std::map<std::string, std::string> secrets;
  std::map<std::string, std::string> services;  // service key -> "127.0.0.1:<port>"
  std::map<std::string, std::string> vars;      // repository variables (vars.<NAME>)
  std::map<std::string, std::string> env;       // added to every step's environment
  // A multi-job workflow: the outputs of the jobs this one needs, this instance's matrix values,
  // its index among the matrix's instances and their number, and the directory that stands for
  // the workflow run's artifact storage (shared by its jobs; empty: artifacts are not kept).
  std::map<std::string, std::map<std::string, std::string>> needs;
  std::map<std::string, std::string> matrix;
  int job_index = 0;
  int job_total = 1;
  std::string artifacts;
};

struct StepRecord {
  std::string name;  // the step's name, id or `uses`
  bool skipped = false;
  int exit_code = 0;
  std::string out;
  std::string err;
  std::map<std::string, std::string> outputs;  // from its GITHUB_OUTPUT
  std::string summary;                         // its GITHUB_STEP_SUMMARY
};

struct JobRecord {
  bool skipped = false;  // the job's `if:` was false
  bool failed = false;   // a step failed
  std::string workspace;
  std::vector<StepRecord> steps;
  std::map<std::string, std::string> outputs;  // the job's `outputs:`, evaluated at its end
  const StepRecord* step(const std::string& name) const;
};

// Runs the workflow's only job. `workspace` must be an empty directory; the job leaves its files
// there for the test to inspect.
JobRecord run_workflow(const SimulatedRun& run, const std::string& workspace);

// Runs the job `job` of a workflow of several.
JobRecord run_workflow_job(const SimulatedRun& run, const std::string& job,
                           const std::string& workspace);

// The instances of a job's `strategy.matrix` (every combination of its lists, in order); one
// empty instance when the job has no matrix.
std::vector<std::map<std::string, std::string>> workflow_matrix(const std::string& workflow,
                                                                const std::string& job);

// Parses a GITHUB_OUTPUT file ("name=value" and heredoc "name<<DELIM … DELIM" entries).
std::map<std::string, std::string> parse_github_output(const std::string& text);

}  // namespace perfgate::test
