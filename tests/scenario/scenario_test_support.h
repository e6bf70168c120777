// SPDX-License-Identifier: MIT
// Helpers for the scenario tests: parse inline YAML and assert on the first error's place.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "perfgate/scenario/scenario_loader.h"

namespace perfgate::scenario::test {

inline Result<Scenario> parse(std::string_view yaml, const std::string& base_dir = ".") {
  return parse_scenario(yaml, "test.yaml", base_dir);
}

// A valid scenario around one step (indented as a list item of steps:).
inline std::string with_step(std::string_view step_yaml) {
  return "target: http://127.0.0.1:8080\nscenarios:\n  - name: s\n    steps:\n" +
         std::string(step_yaml);
}

// A valid scenario with one profile (the profile's YAML follows "p: ").
inline std::string with_profile(std::string_view profile_yaml) {
  return "scenarios:\n  - steps:\n      - get: /\nprofiles:\n  p: " + std::string(profile_yaml) +
         "\n";
}

// Expects the parse to fail at line:column with the field, and the message to contain `text`.
#define EXPECT_LOAD_ERROR(result, line_, column_, field_, text)           \
  do {                                                                    \
    const auto& r_ = (result);                                            \
    ASSERT_FALSE(r_.ok()) << "expected an error";                         \
    const ::perfgate::Error& e_ = r_.error();                             \
    ASSERT_TRUE(e_.location.has_value()) << e_.describe();                \
    EXPECT_EQ(e_.location->line, line_) << e_.describe();                 \
    EXPECT_EQ(e_.location->column, column_) << e_.describe();             \
    EXPECT_EQ(e_.field, field_) << e_.describe();                         \
    EXPECT_NE(e_.message.find(text), std::string::npos) << e_.describe(); \
    EXPECT_EQ(e_.kind, ::perfgate::ErrorKind::bad_input);                 \
  } while (false)

#define ASSERT_LOADS(result) ASSERT_TRUE((result).ok()) << (result).error().describe()

}  // namespace perfgate::scenario::test
