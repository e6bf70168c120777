// SPDX-License-Identifier: MIT
// Limits that keep yaml-cpp's parser and our readers bounded on hostile input: how large a parsed
// document may be before a reader walks it, and how many documents are looked for.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <optional>
#include <string>

#include "perfgate/util/result.h"

namespace perfgate::util {

// More nodes than any scenario or thresholds file needs (a scenario of a thousand endpoints has
// a few tens of thousands), few enough to walk in milliseconds.
inline constexpr std::size_t max_yaml_nodes = 200'000;

// yaml-cpp shares an aliased node instead of copying it, so a few lines of anchors and aliases
// ("a1: [*a0, *a0]", …) make a document that expands to 2^40 nodes: every reader that walks it
// would run for hours. Counts the nodes as a walk meets them (aliases expanded) and stops early:
// a bad_input error at `source` when there are more than `limit`.
Status check_yaml_size(const YAML::Node& root, const std::string& source,
                       std::size_t limit = max_yaml_nodes);

// The first YAML document of `text`, and where a second one starts, if any (readers that take one
// document say so). Not YAML::LoadAll: yaml-cpp 0.7 hands out the same empty document forever on
// some malformed input (fuzzing found "[],"), so at most three document starts are read, and
// one that does not move past the one before is a syntax error.
// Throws YAML::Exception, as YAML::Load does.
struct FirstDocument {
  YAML::Node root;
  std::optional<YAML::Mark> second;  // where a second document starts
};
FirstDocument load_first_document(const std::string& text);

}  // namespace perfgate::util
