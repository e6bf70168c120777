// SPDX-License-Identifier: MIT
#include "perfgate/pipeline/output_paths.h"

#include <fmt/format.h>

#include <filesystem>
#include <system_error>

namespace perfgate::pipeline {
namespace {

Error path_error(const std::string& field, std::string message) {
  Error error = Error::bad_input(std::move(message));
  error.field = field;
  return error;
}

}  // namespace

Status prepare_output_dir(const std::string& dir, const std::string& field) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    return path_error(field, fmt::format("'{}' is a file, not a directory", dir));
  }
  fs::create_directories(dir, ec);
  if (ec) return path_error(field, fmt::format("cannot create '{}': {}", dir, ec.message()));
  return ok_status();
}

Status prepare_output_file(const std::string& path, const std::string& field) {
  namespace fs = std::filesystem;
  if (path.empty() || path == "-") return ok_status();
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    return path_error(field, fmt::format("'{}' is a directory, not a file", path));
  }
  fs::path parent = fs::path(path).parent_path();
  if (parent.empty()) return ok_status();
  return prepare_output_dir(parent.string(), field);
}

Status prepare_report_paths(const report::ReportPaths& paths, const std::string& out) {
  std::string on_stdout = out == "-" ? "--out" : "";
  for (auto [flag, path] :
       {std::pair{"--markdown", &paths.markdown}, std::pair{"--html", &paths.html},
        std::pair{"--junit", &paths.junit}, std::pair{"--json", &paths.json}}) {
    if (Status ready = prepare_output_file(*path, flag); !ready) return ready;
    if (*path != "-") continue;
    // Two documents on one stdout could not be told apart by whatever reads it.
    if (!on_stdout.empty()) {
      Error error = Error::bad_input(
          fmt::format("{} already writes to stdout ('-'): give one of them a file", on_stdout));
      error.field = flag;
      return error;
    }
    on_stdout = flag;
  }
  return ok_status();
}

}  // namespace perfgate::pipeline
