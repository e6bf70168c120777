// SPDX-License-Identifier: MIT
#include "perfgate/scenario/checks.h"

#include <fmt/format.h>

#include <algorithm>

#include "perfgate/util/duration.h"

namespace perfgate::scenario {
namespace {

bool allows(const Checks& checks, int status) {
  return std::find(checks.status.begin(), checks.status.end(), status) != checks.status.end();
}

// Long needles are cut in reasons so that an error line stays one line.
std::string shorten(const std::string& text) {
  return text.size() <= 60 ? text : text.substr(0, 57) + "...";
}

}  // namespace

bool is_http_error(const Checks& checks, int status) {
  return status >= 400 && !allows(checks, status);
}

std::optional<std::string> first_failed_check(const Checks& checks, const ResponseView& response) {
  if (!checks.status.empty() && !allows(checks, response.status)) {
    if (checks.status.size() == 1) {
      return fmt::format("status {}, expected {}", response.status, checks.status[0]);
    }
    return fmt::format("status {}, expected one of {}", response.status,
                       fmt::join(checks.status, ", "));
  }
  for (const std::string& needle : checks.body_contains) {
    if (response.body.find(needle) == std::string_view::npos) {
      return fmt::format("body does not contain \"{}\"", shorten(needle));
    }
  }
  for (const std::string& needle : checks.body_excludes) {
    if (response.body.find(needle) != std::string_view::npos) {
      return fmt::format("body contains \"{}\"", shorten(needle));
    }
  }
  if (checks.max_latency && response.latency > *checks.max_latency) {
    return fmt::format("latency {:.1f}ms > {}", static_cast<double>(response.latency.count()) / 1e3,
                       util::format_duration(*checks.max_latency));
  }
  return std::nullopt;
}

}  // namespace perfgate::scenario
