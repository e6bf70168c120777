// SPDX-License-Identifier: MIT
// Whole-file reads and crash-safe writes.
#pragma once

#include <string>
#include <string_view>

#include "perfgate/util/result.h"

namespace perfgate::util {

// The file's bytes; a runtime error naming the path when it cannot be read ("-" is stdin).
Result<std::string> read_file(const std::string& path);

// Writes through a temporary file in the same directory and renames it into place, so that a
// reader never sees half a file and a crash never loses the previous version ("-" is stdout).
Status write_file_atomic(const std::string& path, std::string_view content);

// Appends to a file (GitHub's $GITHUB_STEP_SUMMARY and $GITHUB_OUTPUT are appended to).
Status append_file(const std::string& path, std::string_view content);

}  // namespace perfgate::util
