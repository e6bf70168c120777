// SPDX-License-Identifier: MIT
#include "support/workflow_runner.h"

#include <fnmatch.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <regex>
#include <sstream>

#include "perfgate/util/file.h"
#include "support/fake_github_runner.h"
#include "support/subprocess.h"
#include "support/test_paths.h"

namespace perfgate::test {
namespace {

// What the action declares in action.yml: inputs with their defaults, and outputs.
struct ActionManifest {
  std::map<std::string, std::string> inputs;
  std::vector<std::string> outputs;
};

ActionManifest read_action_manifest() {
  YAML::Node action = YAML::LoadFile((source_dir() / "action.yml").string());
  ActionManifest manifest;
  for (const auto& input : action["inputs"]) {
    manifest.inputs[input.first.as<std::string>()] =
        input.second["default"] ? input.second["default"].as<std::string>() : "";
  }
  for (const auto& output : action["outputs"])
    manifest.outputs.push_back(output.first.as<std::string>());
  return manifest;
}

std::string input_variable(const std::string& name) {
  std::string variable = "INPUT_";
  for (char c : name) variable += c == ' ' ? '_' : static_cast<char>(std::toupper(c));
  return variable;
}

class Job {
 public:
  Job(const SimulatedRun& run, const std::string& workspace)
      : m_run(run), m_workspace(workspace), m_action(read_action_manifest()) {}

  JobRecord execute(const YAML::Node& job);

 private:
  std::string evaluate(const std::string& expression);
  std::string substitute(const std::string& text);
  bool condition(const YAML::Node& step_or_job, bool job_failed);
  std::map<std::string, std::string> environment(const std::string& step_dir);
  void run_step(const YAML::Node& step, StepRecord& record, const std::string& step_dir);
  void run_action(const YAML::Node& with, StepRecord& record,
                  const std::map<std::string, std::string>& env);
  void checkout(StepRecord& record);
  void upload(const YAML::Node& with, StepRecord& record);
  void download(const YAML::Node& with, StepRecord& record);
  std::string git_head();  // the commit at the tip of the origin's default branch

  const SimulatedRun& m_run;
  std::string m_workspace;
  ActionManifest m_action;
  std::map<std::string, std::map<std::string, std::string>> m_step_outputs;  // by step id
  std::map<std::string, bool> m_step_is_action;                              // by step id
  TempDir m_runner_temp;
};

std::string Job::evaluate(const std::string& expression) {
  static const std::regex k_step_output(R"(steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+))");
  std::smatch match;
  static const std::regex k_comparison(R"((\S+)\s*(==|!=)\s*'([^']*)')");
  if (std::regex_match(expression, match, k_comparison)) {
    bool equal = evaluate(match[1]) == match[3].str();
    return (match[2] == "==") == equal ? "true" : "false";
  }
  if (expression == "github.token") return m_run.token;
  if (expression == "github.event_name") return m_run.event_name;
  if (expression == "github.sha") return git_head();
  if (expression.starts_with("secrets.")) {
    auto it = m_run.secrets.find(expression.substr(8));
    return it == m_run.secrets.end() ? "" : it->second;
  }
  if (expression.starts_with("github.event.")) {
    nlohmann::json node = m_run.event;
    std::stringstream path(expression.substr(13));
    for (std::string key; std::getline(path, key, '.');) {
      if (!node.is_object() || !node.contains(key)) return "";
      node = node[key];
    }
    return node.is_string() ? node.get<std::string>() : node.dump();
  }
  if (expression.starts_with("vars.")) {
    auto it = m_run.vars.find(expression.substr(5));
    return it == m_run.vars.end() ? "" : it->second;
  }
  if (expression.starts_with("matrix.")) {
    auto it = m_run.matrix.find(expression.substr(7));
    EXPECT_TRUE(it != m_run.matrix.end()) << "${{ " << expression << " }}: no such matrix key";
    return it == m_run.matrix.end() ? "" : it->second;
  }
  if (expression == "strategy.job-index") return std::to_string(m_run.job_index);
  if (expression == "strategy.job-total") return std::to_string(m_run.job_total);
  static const std::regex k_needs_output(R"(needs\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+))");
  if (std::regex_match(expression, match, k_needs_output)) {
    auto job = m_run.needs.find(match[1]);
    EXPECT_TRUE(job != m_run.needs.end()) << "${{ " << expression << " }}: the job is not needed";
    if (job == m_run.needs.end()) return "";
    auto it = job->second.find(match[2]);
    EXPECT_TRUE(it != job->second.end()) << "${{ " << expression << " }}: no such job output";
    return it == job->second.end() ? "" : it->second;
  }
  if (std::regex_match(expression, match, k_step_output)) {
    std::string id = match[1], name = match[2];
    if (m_step_is_action[id]) {
      bool declared = std::find(m_action.outputs.begin(), m_action.outputs.end(), name) !=
                      m_action.outputs.end();
      EXPECT_TRUE(declared) << "steps." << id << ".outputs." << name
                            << ": action.yml declares no output '" << name << "'";
    }
    return m_step_outputs[id][name];
  }
  ADD_FAILURE() << "the simulated runner cannot evaluate ${{ " << expression << " }}";
  return "";
}

std::string Job::substitute(const std::string& text) {
  static const std::regex k_expression(R"(\$\{\{\s*(.*?)\s*\}\})");
  std::string out;
  auto begin = std::sregex_iterator(text.begin(), text.end(), k_expression);
  size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    out += text.substr(last, static_cast<size_t>(it->position()) - last);
    out += evaluate((*it)[1]);
    last = static_cast<size_t>(it->position() + it->length());
  }
  out += text.substr(last);
  return out;
}

bool Job::condition(const YAML::Node& node, bool job_failed) {
  if (!node["if"]) return !job_failed;
  std::string text = node["if"].as<std::string>();
  if (text.starts_with("${{")) text = text.substr(3, text.size() - 5);
  text = std::regex_replace(text, std::regex(R"(^\s+|\s+$)"), "");
  if (text == "always()") return true;
  if (text == "success()") return !job_failed;
  if (text == "failure()") return job_failed;
  static const std::regex k_equals(R"((\S+)\s*(==|!=)\s*'([^']*)')");
  std::smatch match;
  if (std::regex_match(text, match, k_equals)) {
    bool equal = evaluate(match[1]) == match[3].str();
    return !job_failed && (match[2] == "==" ? equal : !equal);
  }
  ADD_FAILURE() << "the simulated runner cannot evaluate if: " << text;
  return false;
}

std::map<std::string, std::string> Job::environment(const std::string& step_dir) {
  std::string event_path = m_runner_temp.file("event.json");
  if (!std::filesystem::exists(event_path)) {
    EXPECT_TRUE(util::write_file_atomic(event_path, m_run.event.dump()).ok());
  }
  return {{"GITHUB_ACTIONS", "true"},
          {"CI", "true"},
          {"GITHUB_REPOSITORY", m_run.repository},
          {"GITHUB_SHA", git_head()},
          {"GITHUB_REF", m_run.ref},
          {"GITHUB_RUN_ID", "1658821493"},
          {"GITHUB_RUN_ATTEMPT", "1"},
          {"GITHUB_SERVER_URL", "https://github.com"},
          {"GITHUB_API_URL", m_run.api_url},
          {"GITHUB_EVENT_NAME", m_run.event_name},
          {"GITHUB_EVENT_PATH", event_path},
          {"GITHUB_WORKSPACE", m_workspace},
          {"GITHUB_OUTPUT", step_dir + "/output"},
          {"GITHUB_STEP_SUMMARY", step_dir + "/summary"},
          {"RUNNER_TEMP", m_runner_temp.path().string()},
          {"HOME", m_runner_temp.path().string()},
          {"PATH", "/usr/local/bin:/usr/bin:/bin"}};
}

void Job::upload(const YAML::Node& with, StepRecord& record) {
  std::string path = substitute(with["path"].as<std::string>());
  std::filesystem::path source = std::filesystem::path(m_workspace) / path;
  EXPECT_TRUE(std::filesystem::exists(source)) << "upload-artifact: " << path << " does not exist";
  if (m_run.artifacts.empty() || !std::filesystem::exists(source)) return;
  std::string name = substitute(with["name"].as<std::string>());
  std::filesystem::path target = std::filesystem::path(m_run.artifacts) / name;
  EXPECT_FALSE(std::filesystem::exists(target)) << "upload-artifact: " << name << " twice";
  std::filesystem::create_directories(target);
  std::error_code error;
  std::filesystem::copy(source,
                        target / (std::filesystem::is_directory(source) ? "" : source.filename()),
                        std::filesystem::copy_options::recursive, error);
  record.exit_code = error ? 1 : 0;
}

void Job::download(const YAML::Node& with, StepRecord& record) {
  EXPECT_FALSE(m_run.artifacts.empty()) << "download-artifact: the run keeps no artifacts";
  std::string pattern = with["pattern"] ? substitute(with["pattern"].as<std::string>()) : "*";
  std::string path = with["path"] ? substitute(with["path"].as<std::string>()) : ".";
  bool merge = with["merge-multiple"] && with["merge-multiple"].as<std::string>() == "true";
  std::filesystem::path target = std::filesystem::path(m_workspace) / path;
  std::filesystem::create_directories(target);
  std::error_code error;
  for (const auto& artifact : std::filesystem::directory_iterator(m_run.artifacts)) {
    std::string name = artifact.path().filename().string();
    if (fnmatch(pattern.c_str(), name.c_str(), 0) != 0) continue;
    std::filesystem::path into = merge ? target : target / name;
    std::filesystem::create_directories(into);
    std::filesystem::copy(artifact.path(), into, std::filesystem::copy_options::recursive, error);
    if (error) break;
  }
  record.exit_code = error ? 1 : 0;
}

std::string Job::git_head() {
  ProcessResult head =
      run_process({"/usr/bin/git", "--git-dir", m_run.origin, "rev-parse", "HEAD"});
  std::string sha = head.out;
  while (!sha.empty() && (sha.back() == '\n' || sha.back() == '\r')) sha.pop_back();
  return sha;
}

void Job::checkout(StepRecord& record) {
  ProcessOptions options;
  options.working_dir = m_workspace;
  ProcessResult clone = run_process({"/usr/bin/git", "clone", "-q", m_run.origin, "."}, options);
  record.exit_code = clone.exit_code;
  record.err = clone.err;
}

void Job::run_action(const YAML::Node& with, StepRecord& record,
                     const std::map<std::string, std::string>& base_env) {
  std::map<std::string, std::string> env = base_env;
  for (const auto& [name, default_value] : m_action.inputs) {
    env[input_variable(name)] = substitute(default_value);
  }
  std::vector<std::string> args = {"gate"};  // the Dockerfile's ENTRYPOINT
  for (const auto& entry : with) {
    std::string key = entry.first.as<std::string>();
    std::string value = substitute(entry.second.as<std::string>());
    // The job network's DNS: a service key is a host name inside the action's container.
    for (const auto& [service, address] : m_run.services) {
      value = std::regex_replace(value, std::regex("://" + service + ":[0-9]+"), "://" + address);
    }
    if (key == "entrypoint") {
      EXPECT_EQ(value, "/usr/local/bin/perf-gate") << "the image has no other program";
      args.clear();
    } else if (key == "args") {
      std::istringstream words(value);
      args.clear();
      for (std::string word; words >> word;) args.push_back(word);
    } else {
      EXPECT_TRUE(m_action.inputs.count(key) > 0)
          << "with: " << key << ": action.yml declares no such input";
      env[input_variable(key)] = value;
    }
  }
  ProcessOutcome outcome = run_perf_gate(args, env, m_workspace);
  record.exit_code = outcome.exit_code;
  record.out = outcome.out;
  record.err = outcome.err;
}

void Job::run_step(const YAML::Node& step, StepRecord& record, const std::string& step_dir) {
  std::map<std::string, std::string> env = environment(step_dir);
  for (const auto& [name, value] : m_run.env) env[name] = value;
  EXPECT_TRUE(util::write_file_atomic(env["GITHUB_OUTPUT"], "").ok());
  EXPECT_TRUE(util::write_file_atomic(env["GITHUB_STEP_SUMMARY"], "").ok());
  YAML::Node with = step["with"] ? step["with"] : YAML::Node(YAML::NodeType::Map);
  if (step["run"]) {
    ProcessOptions options;
    options.env = env;
    options.working_dir = m_workspace;
    // The runner substitutes expressions into the script before bash sees it.
    ProcessResult result =
        run_process({"/bin/bash", "-e", "-c", substitute(step["run"].as<std::string>())}, options);
    record.exit_code = result.exit_code;
    record.out = result.out;
    record.err = result.err;
  } else {
    std::string uses = step["uses"].as<std::string>();
    if (uses.starts_with("actions/checkout@")) {
      checkout(record);
    } else if (uses.starts_with("actions/upload-artifact@")) {
      upload(with, record);
    } else if (uses.starts_with("actions/download-artifact@")) {
      download(with, record);
    } else if (uses.starts_with("isectech/perf-gate@")) {
      run_action(with, record, env);
    } else {
      ADD_FAILURE() << "the simulated runner does not know the action " << uses;
    }
  }
  auto output = util::read_file(env["GITHUB_OUTPUT"]);
  auto summary = util::read_file(env["GITHUB_STEP_SUMMARY"]);
  record.outputs = parse_github_output(output ? *output : "");
  record.summary = summary ? *summary : "";
}

JobRecord Job::execute(const YAML::Node& job) {
  JobRecord record;
  record.workspace = m_workspace;
  if (!condition(job, false)) {
    record.skipped = true;
    return record;
  }
  int index = 0;
  for (const auto& step : job["steps"]) {
    StepRecord& s = record.steps.emplace_back();
    std::string id = step["id"] ? step["id"].as<std::string>() : "";
    s.name = step["name"]   ? step["name"].as<std::string>()
             : !id.empty()  ? id
             : step["uses"] ? step["uses"].as<std::string>()
                            : "run";
    if (!condition(step, record.failed)) {
      s.skipped = true;
      continue;
    }
    std::string step_dir = m_runner_temp.file("step" + std::to_string(index++));
    std::filesystem::create_directories(step_dir);
    run_step(step, s, step_dir);
    if (!id.empty()) {
      m_step_outputs[id] = s.outputs;
      m_step_is_action[id] =
          step["uses"] && step["uses"].as<std::string>().starts_with("isectech/");
    }
    if (s.exit_code != 0) record.failed = true;
  }
  for (const auto& output : job["outputs"]) {
    record.outputs[output.first.as<std::string>()] = substitute(output.second.as<std::string>());
  }
  return record;
}

}  // namespace

const StepRecord* JobRecord::step(const std::string& name) const {
  for (const StepRecord& s : steps) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

JobRecord run_workflow(const SimulatedRun& run, const std::string& workspace) {
  YAML::Node workflow = YAML::LoadFile(run.workflow);
  EXPECT_EQ(workflow["jobs"].size(), 1u) << "the simulated runner runs one job";
  Job job(run, workspace);
  return job.execute(workflow["jobs"].begin()->second);
}

JobRecord run_workflow_job(const SimulatedRun& run, const std::string& job,
                           const std::string& workspace) {
  YAML::Node workflow = YAML::LoadFile(run.workflow);
  YAML::Node node = workflow["jobs"][job];
  EXPECT_TRUE(node.IsDefined()) << "the workflow has no job " << job;
  if (!node.IsDefined()) return {};
  Job simulated(run, workspace);
  return simulated.execute(node);
}

std::vector<std::map<std::string, std::string>> workflow_matrix(const std::string& workflow,
                                                                const std::string& job) {
  YAML::Node matrix = YAML::LoadFile(workflow)["jobs"][job]["strategy"]["matrix"];
  std::vector<std::map<std::string, std::string>> instances(1);
  if (!matrix.IsDefined()) return instances;
  for (const auto& key : matrix) {
    std::vector<std::map<std::string, std::string>> grown;
    for (const auto& instance : instances) {
      for (const auto& value : key.second) {
        auto next = instance;
        next[key.first.as<std::string>()] = value.as<std::string>();
        grown.push_back(std::move(next));
      }
    }
    instances = std::move(grown);
  }
  return instances;
}

std::map<std::string, std::string> parse_github_output(const std::string& text) {
  std::map<std::string, std::string> outputs;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    size_t heredoc = line.find("<<");
    size_t equals = line.find('=');
    if (heredoc != std::string::npos && (equals == std::string::npos || heredoc < equals)) {
      std::string name = line.substr(0, heredoc), delimiter = line.substr(heredoc + 2), value;
      bool first = true;
      for (std::string body; std::getline(lines, body) && body != delimiter;) {
        value += (first ? "" : "\n") + body;
        first = false;
      }
      outputs[name] = value;
    } else if (equals != std::string::npos) {
      outputs[line.substr(0, equals)] = line.substr(equals + 1);
    }
  }
  return outputs;
}

}  // namespace perfgate::test
