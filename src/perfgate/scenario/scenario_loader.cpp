// SPDX-License-Identifier: MIT
// The top of a scenario file: name, target, defaults, data, scenarios (journeys), profiles.
#include "perfgate/scenario/scenario_loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include "perfgate/scenario/data_file.h"
#include "perfgate/scenario/loader_parts.h"
#include "perfgate/util/file.h"
#include "perfgate/util/fingerprint.h"
#include "perfgate/util/spelling.h"
#include "perfgate/util/yaml_limits.h"

namespace perfgate::scenario {
namespace {

using detail::Entry;
using detail::find_entry;
using detail::StepDefaults;
using detail::VariableUse;
using detail::YamlReader;

class ScenarioBuilder {
 public:
  explicit ScenarioBuilder(YamlReader& reader) : m_reader(reader) {}

  Scenario build(const YAML::Node& root) {
    Scenario scenario;
    scenario.source_file = m_reader.file();
    scenario.name = std::filesystem::path(m_reader.file()).stem().string();
    std::optional<std::vector<Entry>> keys =
        m_reader.map(root, "", {"name", "target", "defaults", "data", "scenarios", "profiles"});
    if (!keys) return scenario;
    if (const Entry* name = find_entry(*keys, "name")) read_name(*name, scenario);
    if (const Entry* target = find_entry(*keys, "target")) read_target(*target, scenario);
    if (const Entry* defaults = find_entry(*keys, "defaults")) read_defaults(*defaults);
    if (const Entry* data = find_entry(*keys, "data")) scenario.data = read_data(*data);
    if (const Entry* journeys = find_entry(*keys, "scenarios")) {
      read_journeys(*journeys, scenario);
    } else {
      m_reader.error(root, "scenarios", "missing 'scenarios': a list of user journeys with steps");
    }
    if (const Entry* profiles = find_entry(*keys, "profiles")) read_profiles(*profiles, scenario);
    return scenario;
  }

 private:
  void read_name(const Entry& entry, Scenario& scenario) {
    std::optional<std::string> name = m_reader.string(entry.value, entry.field);
    if (name && name->empty()) m_reader.error(entry.value, entry.field, "the name cannot be empty");
    if (name && !name->empty()) scenario.name = *name;
  }

  // The target may use {{ env.NAME }} (resolved now), nothing that changes per request.
  void read_target(const Entry& entry, Scenario& scenario) {
    std::optional<Template> target = detail::template_value(m_reader, entry.value, entry.field);
    if (!target) return;
    if (!target->is_constant()) {
      m_reader.error(entry.value, entry.field,
                     "the target can use {{ env.NAME }} placeholders only");
      return;
    }
    std::string url = target->parts.empty() ? "" : target->parts[0].text;
    if (std::string problem = detail::target_url_problem(url); !problem.empty()) {
      m_reader.error(entry.value, entry.field, fmt::format("bad URL '{}': {}", url, problem));
      return;
    }
    while (url.ends_with('/')) url.pop_back();
    scenario.target = url;
  }

  void read_defaults(const Entry& entry) {
    std::optional<std::vector<Entry>> keys =
        m_reader.map(entry.value, entry.field, {"headers", "timeout", "think"});
    if (!keys) return;
    for (const Entry& key : *keys) {
      if (key.key == "headers") {
        if (auto headers = detail::read_headers(m_reader, key.value, key.field, m_default_uses)) {
          m_defaults.headers = std::move(*headers);
        }
      } else if (key.key == "timeout") {
        std::optional<Micros> timeout = m_reader.duration(key.value, key.field);
        if (timeout && timeout->count() <= 0) {
          m_reader.error(key.value, key.field, "timeout must be positive");
        } else if (timeout) {
          m_defaults.timeout = *timeout;
        }
      } else if (key.key == "think") {
        if (std::optional<Micros> think = m_reader.duration(key.value, key.field))
          m_defaults.think = *think;
      }
    }
  }

  std::optional<DataFile> read_data(const Entry& entry) {
    YAML::Node file_node = entry.value;
    std::string file_field = entry.field;
    DataOrder order = DataOrder::sequential;
    if (!entry.value.IsScalar()) {
      std::optional<std::vector<Entry>> keys =
          m_reader.map(entry.value, entry.field, {"file", "order"});
      if (!keys) return std::nullopt;
      const Entry* file = find_entry(*keys, "file");
      if (file == nullptr) {
        m_reader.error(entry.value, entry.field, "a data block needs file: (a CSV file)");
        return std::nullopt;
      }
      file_node = file->value;
      file_field = file->field;
      if (const Entry* order_key = find_entry(*keys, "order")) {
        std::optional<std::string> text = m_reader.string(order_key->value, order_key->field);
        if (text && *text == "random") {
          order = DataOrder::random;
        } else if (text && *text != "sequential") {
          m_reader.error(order_key->value, order_key->field,
                         fmt::format("order is sequential or random, not '{}'", *text));
        }
      }
    }
    std::optional<std::string> file = m_reader.string(file_node, file_field);
    if (!file) return std::nullopt;
    std::filesystem::path path(*file);
    if (path.is_relative() && !m_reader.base_dir().empty()) path = m_reader.base_dir() / path;
    if (!std::filesystem::is_regular_file(path)) {
      m_reader.error(file_node, file_field, fmt::format("data file {} not found", path.string()));
      return std::nullopt;
    }
    Result<DataFile> data = load_data_file(path.string(), order);
    if (!data) {
      Error error = data.error();
      error.field = file_field;
      m_reader.add(std::move(error));
      return std::nullopt;
    }
    return std::move(data.value());
  }

  void read_journeys(const Entry& entry, Scenario& scenario) {
    if (!entry.value.IsSequence() || entry.value.size() == 0) {
      m_reader.error(entry.value, entry.field,
                     "expected a non-empty list of scenarios (user journeys)");
      return;
    }
    for (size_t i = 0; i < entry.value.size(); ++i) {
      const YAML::Node& node = entry.value[i];
      std::string field = detail::index_path(entry.field, i);
      if (std::optional<UserScenario> journey = read_journey(node, field, scenario)) {
        scenario.scenarios.push_back(std::move(*journey));
      }
    }
  }

  std::optional<UserScenario> read_journey(const YAML::Node& node, const std::string& field,
                                           const Scenario& scenario) {
    std::optional<std::vector<Entry>> keys =
        m_reader.map(node, field, {"name", "weight", "think", "steps", "data"});
    if (!keys) return std::nullopt;
    UserScenario journey;
    journey.name = fmt::format("scenario{}", m_journey_index++ + 1);
    StepDefaults defaults = m_defaults;
    for (const Entry& key : *keys) {
      if (key.key == "name") read_journey_name(key, journey);
      if (key.key == "weight") read_weight(key, journey);
      if (key.key == "think") {
        if (std::optional<Micros> think = m_reader.duration(key.value, key.field))
          defaults.think = *think;
      }
      if (key.key == "data") journey.data = read_data(key);
    }
    journey.think = defaults.think;
    const Entry* steps = find_entry(*keys, "steps");
    if (steps == nullptr || !steps->value.IsSequence() || steps->value.size() == 0) {
      m_reader.error(steps != nullptr ? steps->value : node, detail::field_path(field, "steps"),
                     "a scenario needs steps: a non-empty list of requests");
      return std::nullopt;
    }
    std::vector<VariableUse> uses = m_default_uses;
    for (size_t i = 0; i < steps->value.size(); ++i) {
      std::string step_field = detail::index_path(steps->field, i);
      const YAML::Node& step_node = steps->value[i];
      if (std::optional<Step> step =
              detail::read_step(m_reader, step_node, step_field, defaults, uses)) {
        check_endpoint_name(*step, step_node, step_field);
        journey.steps.push_back(std::move(*step));
      }
    }
    check_variables(journey, journey.data ? journey.data : scenario.data, uses);
    return journey;
  }

  void read_journey_name(const Entry& key, UserScenario& journey) {
    std::optional<std::string> name = m_reader.string(key.value, key.field);
    if (!name) return;
    if (name->empty()) {
      m_reader.error(key.value, key.field, "a scenario's name cannot be empty");
    } else if (!m_journey_names.insert(*name).second) {
      m_reader.error(key.value, key.field, fmt::format("another scenario is named '{}'", *name));
    }
    journey.name = *name;
  }

  void read_weight(const Entry& key, UserScenario& journey) {
    std::optional<double> weight = m_reader.number(key.value, key.field);
    // Weights are relative; a bound keeps their sum (and the round robin over them) finite.
    if (weight && !(*weight > 0 && *weight <= 1e6)) {
      m_reader.error(key.value, key.field, "weight must be positive and at most 1000000");
    } else if (weight) {
      journey.weight = *weight;
    }
  }

  // One name, one request: results per endpoint would mix two requests otherwise.
  void check_endpoint_name(const Step& step, const YAML::Node& node, const std::string& field) {
    std::string request = fmt::format("{} {}", method_name(step.method), step.path.source);
    auto [it, inserted] = m_endpoints.emplace(step.name, request);
    if (!inserted && it->second != request) {
      m_reader.error(node, detail::field_path(field, "name"),
                     fmt::format("the step name '{}' is already used for {}; one name, one "
                                 "request (it names the endpoint in the results)",
                                 step.name, it->second));
    }
  }

  void check_variables(const UserScenario& journey, const std::optional<DataFile>& data,
                       const std::vector<VariableUse>& uses) {
    std::vector<std::string_view> known;
    for (const Step& step : journey.steps) {
      for (const Capture& capture : step.captures) known.push_back(capture.variable);
    }
    if (data) known.insert(known.end(), data->columns.begin(), data->columns.end());
    for (const VariableUse& use : uses) {
      if (std::find(known.begin(), known.end(), use.name) != known.end()) continue;
      std::string suggestion = util::closest_match(use.name, known);
      m_reader.error_at(
          use.mark, use.field,
          fmt::format("unknown variable '{}'{} (variables come from the captures and data-file "
                      "columns of each scenario that uses them)",
                      use.name,
                      suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion)));
    }
  }

  void read_profiles(const Entry& entry, Scenario& scenario) {
    std::optional<std::vector<Entry>> keys = m_reader.any_map(entry.value, entry.field);
    if (!keys) return;
    if (keys->empty())
      m_reader.error(entry.value, entry.field, "no profiles (remove the key or add one)");
    for (const Entry& key : *keys) {
      if (key.key.empty()) {
        m_reader.error(key.key_node, key.field, "a profile needs a name");
      } else if (std::optional<Profile> profile = detail::read_profile(m_reader, key)) {
        scenario.profiles.emplace(key.key, std::move(*profile));
      }
    }
  }

  YamlReader& m_reader;
  StepDefaults m_defaults;
  std::vector<VariableUse> m_default_uses;  // defaults' headers are used by every journey
  std::set<std::string> m_journey_names;
  std::map<std::string, std::string> m_endpoints;  // step name -> "METHOD path"
  size_t m_journey_index = 0;
};

// File order, and one report per place and problem (a defaults header used by two journeys
// would otherwise be reported twice).
void sort_errors(std::vector<Error>& errors) {
  std::stable_sort(errors.begin(), errors.end(), [](const Error& a, const Error& b) {
    auto key = [](const Error& error) {
      bool here = error.location && error.location->line > 0;
      return std::tuple(!here, here ? error.location->line : 0, here ? error.location->column : 0);
    };
    return key(a) < key(b);
  });
  auto same = [](const Error& a, const Error& b) { return a.describe() == b.describe(); };
  errors.erase(std::unique(errors.begin(), errors.end(), same), errors.end());
}

// The first error, with the others on the following lines of its message, so that a caller
// that prints one error (value_or_throw) shows them all, as a compiler does.
Error first_with_others(const std::vector<Error>& errors) {
  Error first = errors.front();
  for (size_t i = 1; i < errors.size(); ++i) first.message += "\n" + errors[i].describe();
  return first;
}

}  // namespace

std::string target_url_problem(std::string_view url) {
  return detail::target_url_problem(url);
}

bool is_reserved_variable(std::string_view name) {
  return name == "vu" || name == "iteration" || name == "uuid" || name == "timestamp" ||
         name == "timestamp_ms" || name == "env" || name == "random" || name == "random_int";
}

LoadOutcome parse_scenario_all(std::string_view yaml_text, const std::string& source_name,
                               const std::string& base_dir) {
  YamlReader reader(source_name, base_dir);
  LoadOutcome outcome;
  try {
    YAML::Node root = YAML::Load(std::string(yaml_text));
    perfgate::Status size = util::check_yaml_size(root, source_name);
    if (!root.IsDefined() || root.IsNull()) {
      reader.error_at(YAML::Mark(), "", "the scenario file is empty");
    } else if (!size) {
      reader.add(size.error());
    } else {
      Scenario scenario = ScenarioBuilder(reader).build(root);
      scenario.source_digest = util::Fingerprint().add(yaml_text).text();
      if (reader.error_count() == 0) outcome.scenario = std::move(scenario);
    }
  } catch (const YAML::Exception& e) {
    reader.error_at(e.mark, "", fmt::format("YAML syntax error: {}", e.msg));
  }
  outcome.errors = reader.errors();
  if (!outcome.errors.empty()) outcome.scenario.reset();
  sort_errors(outcome.errors);
  return outcome;
}

Result<Scenario> parse_scenario(std::string_view yaml_text, const std::string& source_name,
                                const std::string& base_dir) {
  LoadOutcome outcome = parse_scenario_all(yaml_text, source_name, base_dir);
  if (!outcome.errors.empty()) return first_with_others(outcome.errors);
  return std::move(*outcome.scenario);
}

LoadOutcome load_scenario_all(const std::string& path) {
  Result<std::string> text = util::read_file(path);
  if (!text) {
    // The location names the file (and the annotation's place): the message need not again.
    std::string message = text.error().message;
    std::string named = "cannot read " + path;
    if (message.starts_with(named)) message = "cannot read" + message.substr(named.size());
    Error error = Error::bad_input(message);
    error.location = SourceLocation{path, 0, 0};
    return LoadOutcome{std::nullopt, {std::move(error)}};
  }
  std::string base_dir = std::filesystem::path(path).parent_path().string();
  return parse_scenario_all(*text, path, base_dir.empty() ? "." : base_dir);
}

Result<Scenario> load_scenario(const std::string& path) {
  LoadOutcome outcome = load_scenario_all(path);
  if (!outcome.errors.empty()) return first_with_others(outcome.errors);
  return std::move(*outcome.scenario);
}

}  // namespace perfgate::scenario
