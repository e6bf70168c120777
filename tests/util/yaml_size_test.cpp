// SPDX-License-Identifier: MIT
// A YAML document's size is bounded before any reader walks it, aliases expanded.
#include "perfgate/util/yaml_size.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "support/hostile_yaml.h"

namespace perfgate::util {
namespace {

TEST(YamlSizeTest, AnOrdinaryDocumentPasses) {
  YAML::Node root = YAML::Load("a: [1, 2, {b: c}]\nd: e\n");
  EXPECT_TRUE(check_yaml_size(root, "s.yaml").ok());
}

TEST(YamlSizeTest, TheLimitCountsEveryKeyAndValue) {
  YAML::Node root = YAML::Load("a: [1, 2]\n");  // the map, a, the list, 1, 2
  EXPECT_TRUE(check_yaml_size(root, "s.yaml", 5).ok());
  EXPECT_FALSE(check_yaml_size(root, "s.yaml", 4).ok());
}

TEST(YamlSizeTest, AnAliasBombIsRejectedAsBadInputNamingTheFile) {
  YAML::Node root = YAML::Load(test::alias_bomb_yaml("x"));
  Status status = check_yaml_size(root, "bomb.yaml");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::bad_input);
  ASSERT_TRUE(status.error().location.has_value());
  EXPECT_EQ(status.error().location->file, "bomb.yaml");
  EXPECT_NE(status.error().message.find("aliases"), std::string::npos) << status.error().message;
}

TEST(YamlSizeTest, DeepNestingDoesNotExhaustTheStack) {
  // yaml-cpp itself refuses documents nested deeper than it can parse; anything it accepts
  // must walk without recursion.
  std::string text = std::string(400, '[') + "x" + std::string(400, ']') + "\n";
  YAML::Node root = YAML::Load(text);
  EXPECT_TRUE(check_yaml_size(root, "deep.yaml").ok());
}

}  // namespace
}  // namespace perfgate::util
