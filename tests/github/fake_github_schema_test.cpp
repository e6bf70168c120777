// SPDX-License-Identifier: MIT
// The fake's schema validator must reject what GitHub rejects, or the fake proves nothing.
#include "support/fake_github_schema.h"

#include <gtest/gtest.h>

#include "support/test_paths.h"

namespace perfgate::test {
namespace {

using Json = nlohmann::json;

JsonSchema load(const char* file) {
  return JsonSchema::load((data_dir() / "github" / "schemas" / file).string());
}

TEST(FakeGitHubSchemaTest, AcceptsACompletedCheckRunWithConclusion) {
  Json body = {{"name", "perf-gate"},
               {"head_sha", "abc"},
               {"status", "completed"},
               {"conclusion", "success"},
               {"output", {{"title", "t"}, {"summary", "s"}}}};
  EXPECT_TRUE(load("checks-create.request.json").validate(body).empty());
}

TEST(FakeGitHubSchemaTest, RejectsCompletedCheckRunWithoutConclusion) {
  Json body = {{"name", "perf-gate"}, {"head_sha", "abc"}, {"status", "completed"}};
  EXPECT_FALSE(load("checks-create.request.json").validate(body).empty());
}

TEST(FakeGitHubSchemaTest, RejectsOverlongSummaryAndUnknownEnum) {
  Json body = {{"name", "n"},
               {"head_sha", "a"},
               {"conclusion", "great"},
               {"output", {{"title", "t"}, {"summary", std::string(65'536, 'x')}}}};
  auto errors = load("checks-create.request.json").validate(body);
  EXPECT_GE(errors.size(), 2u);
}

TEST(FakeGitHubSchemaTest, RejectsCommentWithoutBody) {
  EXPECT_FALSE(load("issues-create-comment.request.json").validate(Json::object()).empty());
  EXPECT_FALSE(load("issues-create-comment.request.json").validate({{"body", 5}}).empty());
}

TEST(FakeGitHubSchemaTest, RejectsUnknownCommitState) {
  EXPECT_FALSE(
      load("repos-create-commit-status.request.json").validate({{"state", "neutral"}}).empty());
  EXPECT_TRUE(
      load("repos-create-commit-status.request.json").validate({{"state", "success"}}).empty());
}

}  // namespace
}  // namespace perfgate::test
