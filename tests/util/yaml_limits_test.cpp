// SPDX-License-Identifier: MIT
// A YAML document's size is bounded before any reader walks it, aliases expanded.
#include "perfgate/util/yaml_limits.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "support/hostile_yaml.h"

namespace perfgate::util {
namespace {

TEST(YamlLimitsTest, AnOrdinaryDocumentPasses) {
  YAML::Node root = YAML::Load("a: [1, 2, {b: c}]\nd: e\n");
  EXPECT_TRUE(check_yaml_size(root, "s.yaml").ok());
}

TEST(YamlLimitsTest, TheLimitCountsEveryKeyAndValue) {
  YAML::Node root = YAML::Load("a: [1, 2]\n");  // the map, a, the list, 1, 2
  EXPECT_TRUE(check_yaml_size(root, "s.yaml", 5).ok());
  EXPECT_FALSE(check_yaml_size(root, "s.yaml", 4).ok());
}

TEST(YamlLimitsTest, AnAliasBombIsRejectedAsBadInputNamingTheFile) {
  YAML::Node root = YAML::Load(test::alias_bomb_yaml("x"));
  Status status = check_yaml_size(root, "bomb.yaml");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::bad_input);
  ASSERT_TRUE(status.error().location.has_value());
  EXPECT_EQ(status.error().location->file, "bomb.yaml");
  EXPECT_NE(status.error().message.find("aliases"), std::string::npos) << status.error().message;
}

TEST(YamlLimitsTest, DeepNestingDoesNotExhaustTheStack) {
  // yaml-cpp itself refuses documents nested deeper than it can parse; anything it accepts
  // must walk without recursion.
  std::string text = std::string(400, '[') + "x" + std::string(400, ']') + "\n";
  YAML::Node root = YAML::Load(text);
  EXPECT_TRUE(check_yaml_size(root, "deep.yaml").ok());
}

TEST(YamlLimitsTest, OneDocumentHasNoSecond) {
  FirstDocument document = load_first_document("a: 1\n");
  EXPECT_EQ(document.root["a"].as<int>(), 1);
  EXPECT_FALSE(document.second.has_value());
}

TEST(YamlLimitsTest, ASecondDocumentIsFoundWithItsPosition) {
  FirstDocument document = load_first_document("a: 1\n---\nb: 2\n");
  EXPECT_EQ(document.root["a"].as<int>(), 1);
  ASSERT_TRUE(document.second.has_value());
  EXPECT_EQ(document.second->line, 1);  // 0-based: the `---` line
}

TEST(YamlLimitsTest, InputOnWhichYamlCppLoopsIsASyntaxErrorNotAHang) {
  // Found by fuzzing the thresholds parser (and reduced): after "[]", YAML::LoadAll hands out an
  // empty document at the comma again and again, forever.
  EXPECT_THROW(load_first_document("[],"), YAML::Exception);
}

}  // namespace
}  // namespace perfgate::util
