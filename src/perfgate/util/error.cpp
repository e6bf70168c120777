// SPDX-License-Identifier: MIT
#include "perfgate/util/error.h"

#include <fmt/format.h>

namespace perfgate {

std::string Error::describe() const {
  std::string out;
  if (location && !location->file.empty()) {
    out = location->file;
    if (location->line > 0) out += fmt::format(":{}", location->line);
    if (location->column > 0) out += fmt::format(":{}", location->column);
    out += ": ";
  }
  if (!field.empty()) out += field + ": ";
  return out + message;
}

}  // namespace perfgate
