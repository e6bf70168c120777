// SPDX-License-Identifier: MIT
// The scenario loader's pieces (internal): profiles, steps, `json:` bodies, URLs. Each reads a
// YAML node through a YamlReader, which collects the errors; nullopt means "reported, skip it".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "perfgate/scenario/scenario.h"
#include "perfgate/util/yaml_reader.h"

namespace perfgate::scenario::detail {

using util::describe_node;
using util::Entry;
using util::field_path;
using util::find_entry;
using util::index_path;
using util::k_max_errors;
using util::YamlReader;

// A string value parsed as a template ("/users/{{ id }}").
std::optional<Template> template_value(YamlReader& reader, const YAML::Node& node,
                                       const std::string& field);

// What a step inherits from `defaults:` and its journey.
struct StepDefaults {
  std::vector<Header> headers;
  Micros timeout{5'000'000};
  Micros think{0};
};

// A {{ variable }} a template reads, checked against captures and data columns once the whole
// journey is known (a step may use what a later step captured in the previous iteration).
struct VariableUse {
  std::string name;
  YAML::Mark mark;
  std::string field;
};

std::optional<Profile> read_profile(YamlReader& reader, const Entry& entry);

std::optional<Step> read_step(YamlReader& reader, const YAML::Node& node, const std::string& field,
                              const StepDefaults& defaults, std::vector<VariableUse>& uses);

std::optional<std::vector<Header>> read_headers(YamlReader& reader, const YAML::Node& node,
                                                const std::string& field,
                                                std::vector<VariableUse>& uses);

// A `json:` value as one template rendering JSON: string values may hold placeholders, whose
// values are JSON-escaped; plain YAML scalars that are numbers, true/false or null stay so.
std::optional<Template> read_json_body(YamlReader& reader, const YAML::Node& node,
                                       const std::string& field, std::vector<VariableUse>& uses);

// "" when `url` is a valid target (http/https, a host, an optional port and base path), else why.
std::string target_url_problem(std::string_view url);

// Records each variable a template reads.
void note_variables(const Template& tmpl, const YAML::Node& node, const std::string& field,
                    std::vector<VariableUse>& uses);

}  // namespace perfgate::scenario::detail
