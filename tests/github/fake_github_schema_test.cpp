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

TEST(FakeGitHubSchemaTest, FileWritesNeedAMessageAndContent) {
  auto schema = load("repos-create-or-update-file-contents.request.json");
  EXPECT_TRUE(schema.validate({{"message", "m"}, {"content", "eyJ9"}, {"branch", "b"}}).empty());
  EXPECT_FALSE(schema.validate({{"content", "eyJ9"}}).empty());
  EXPECT_FALSE(schema.validate({{"message", "m"}, {"content", "e"}, {"sha", 5}}).empty());
  EXPECT_FALSE(schema.validate({{"message", "m"}, {"content", "e"}, {"committer", {{"name", "n"}}}})
                   .empty());
}

TEST(FakeGitHubSchemaTest, ReferencesNeedAFortyCharacterSha) {
  Json ref = {{"ref", "refs/heads/perf-gate-data"},
              {"node_id", "REF_1"},
              {"url", "https://api.github.com/repos/o/r/git/refs/heads/perf-gate-data"},
              {"object", {{"type", "commit"}, {"sha", std::string(40, 'a')}, {"url", "u"}}}};
  EXPECT_TRUE(load("git-create-ref.response-201.json").validate(ref).empty());
  ref["object"]["sha"] = "abc";
  EXPECT_FALSE(load("git-create-ref.response-201.json").validate(ref).empty());
  EXPECT_FALSE(load("git-create-ref.request.json").validate({{"ref", "refs/heads/x"}}).empty());
}

}  // namespace
}  // namespace perfgate::test
