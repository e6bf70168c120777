// SPDX-License-Identifier: MIT
#include "perfgate/pipeline/shard_results.h"

#include <fmt/format.h>
#include <glob.h>

#include <algorithm>
#include <filesystem>

#include "perfgate/results/result_file.h"

namespace perfgate::pipeline {

bool is_result_set(const std::string& results) {
  std::error_code error;
  return std::filesystem::is_directory(results, error) ||
         results.find_first_of("*?[") != std::string::npos;
}

Result<std::vector<std::string>> expand_result_set(const std::string& results) {
  std::vector<std::string> files;
  std::error_code error;
  if (std::filesystem::is_directory(results, error)) {
    for (const auto& entry : std::filesystem::directory_iterator(results, error)) {
      if (entry.is_regular_file(error) && entry.path().extension() == ".json")
        files.push_back(entry.path().string());
    }
    if (error) {
      return Error::bad_input(fmt::format("results: cannot list {}: {}", results, error.message()));
    }
  } else {
    glob_t matches{};
    int status = glob(results.c_str(), 0, nullptr, &matches);
    if (status == 0) {
      for (size_t i = 0; i < matches.gl_pathc; ++i) files.emplace_back(matches.gl_pathv[i]);
    }
    globfree(&matches);
    if (status != 0 && status != GLOB_NOMATCH) {
      return Error::bad_input(fmt::format("results: cannot expand '{}'", results));
    }
  }
  if (files.empty()) {
    return Error::bad_input(fmt::format(
        "results: no results files in '{}' (a directory of shards' *.json, or a glob)", results));
  }
  std::sort(files.begin(), files.end());
  return files;
}

Result<results::RunResult> read_result_set(const std::string& results) {
  auto files = expand_result_set(results);
  if (!files) return files.error();
  std::vector<results::RunResult> parts;
  for (const std::string& file : *files) {
    auto part = results::read_result_file(file);
    if (!part) return part.error();
    parts.push_back(std::move(*part));
  }
  return results::merge_results(parts, *files);
}

}  // namespace perfgate::pipeline
