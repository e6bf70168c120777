// SPDX-License-Identifier: MIT
#include "perfgate/pipeline/output_paths.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "perfgate/util/file.h"
#include "support/test_paths.h"

namespace perfgate::pipeline {
namespace {

TEST(OutputPathsTest, CreatesTheDirectoryWithItsParents) {
  test::TempDir dir;
  ASSERT_TRUE(prepare_output_dir(dir.file("a/b/report"), "report-dir").ok());
  EXPECT_TRUE(std::filesystem::is_directory(dir.file("a/b/report")));
  EXPECT_TRUE(prepare_output_dir(dir.file("a/b/report"), "report-dir").ok());  // twice is fine
}

TEST(OutputPathsTest, AFileWhereTheDirectoryShouldBeIsBadInput) {
  test::TempDir dir;
  ASSERT_TRUE(util::write_file_atomic(dir.file("report"), "x").ok());
  Status status = prepare_output_dir(dir.file("report"), "report-dir");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::bad_input);
  EXPECT_EQ(status.error().field, "report-dir");
}

TEST(OutputPathsTest, CreatesTheDirectoryAnOutputFileGoesIn) {
  test::TempDir dir;
  ASSERT_TRUE(prepare_output_file(dir.file("out/results.json"), "--out").ok());
  EXPECT_TRUE(std::filesystem::is_directory(dir.file("out")));
  EXPECT_TRUE(prepare_output_file("results.json", "--out").ok());
  EXPECT_TRUE(prepare_output_file("-", "--out").ok());
}

TEST(OutputPathsTest, AnOutputFileThatIsADirectoryIsBadInput) {
  test::TempDir dir;
  Status status = prepare_output_file(dir.path().string(), "--out");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().field, "--out");
}

}  // namespace
}  // namespace perfgate::pipeline
