// SPDX-License-Identifier: MIT
// YAML documents built to attack a reader, shared by the tests of every YAML reader.
#pragma once

#include <string>

namespace perfgate::test {

// "Billion laughs": `levels` lines of anchors, each aliasing the one before twice, under the
// mapping key `key`, so the document is a few hundred bytes but expands to 2^levels nodes.
inline std::string alias_bomb_yaml(const std::string& key, int levels = 40) {
  std::string text = key + ":\n  l0: &l0 [x, x]\n";
  for (int i = 1; i < levels; ++i) {
    text += "  l" + std::to_string(i) + ": &l" + std::to_string(i) + " [*l" +
            std::to_string(i - 1) + ", *l" + std::to_string(i - 1) + "]\n";
  }
  return text;
}

}  // namespace perfgate::test
