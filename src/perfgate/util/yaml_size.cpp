// SPDX-License-Identifier: MIT
#include "perfgate/util/yaml_size.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <vector>

namespace perfgate::util {

Status check_yaml_size(const YAML::Node& root, const std::string& source, std::size_t limit) {
  // An explicit stack: the depth of a hostile document must not become the depth of our stack.
  std::vector<YAML::Node> pending{root};
  std::size_t visited = 0;
  while (!pending.empty()) {
    YAML::Node node = pending.back();
    pending.pop_back();
    if (++visited > limit) {
      YAML::Mark mark = node.Mark();
      SourceLocation where{source, mark.is_null() ? 0 : mark.line + 1,
                           mark.is_null() ? 0 : mark.column + 1};
      return Error::at(where, "",
                       fmt::format("the document expands to more than {} YAML nodes (through "
                                   "anchors and aliases?); perf-gate reads no larger files",
                                   limit));
    }
    if (node.IsSequence()) {
      for (const YAML::Node& item : node) pending.push_back(item);
    } else if (node.IsMap()) {
      for (const auto& item : node) {
        pending.push_back(item.first);
        pending.push_back(item.second);
      }
    }
  }
  return ok_status();
}

}  // namespace perfgate::util
