// SPDX-License-Identifier: MIT
// A bound on how large a parsed YAML document may be before a reader walks it.
#pragma once

#include <cstddef>
#include <string>

#include "perfgate/util/result.h"

namespace YAML {
class Node;
}

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

}  // namespace perfgate::util
