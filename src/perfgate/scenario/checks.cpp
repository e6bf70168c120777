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

// Long needles are cut in check names so that a report line stays one line.
std::string shorten(const std::string& text) {
  return text.size() <= 60 ? text : text.substr(0, 57) + "...";
}

}  // namespace

bool is_http_error(const Checks& checks, int status) {
  return status >= 400 && !allows(checks, status);
}

std::vector<std::string> check_names(const Checks& checks) {
  std::vector<std::string> names;
  if (checks.status.size() == 1) names.push_back(fmt::format("status is {}", checks.status[0]));
  if (checks.status.size() > 1) {
    names.push_back(fmt::format("status in {}", fmt::join(checks.status, ", ")));
  }
  for (const std::string& needle : checks.body_contains) {
    names.push_back(fmt::format("body contains \"{}\"", shorten(needle)));
  }
  for (const std::string& needle : checks.body_excludes) {
    names.push_back(fmt::format("body excludes \"{}\"", shorten(needle)));
  }
  if (checks.max_latency) {
    names.push_back(fmt::format("latency ≤ {}", util::format_duration(*checks.max_latency)));
  }
  if (names.size() > k_max_named_checks) names.resize(k_max_named_checks);
  return names;
}

uint64_t failed_check_mask(const Checks& checks, const ResponseView& response) {
  uint64_t mask = 0;
  size_t bit = 0;
  auto tally = [&](bool failed) {
    if (bit < k_max_named_checks && failed) mask |= uint64_t{1} << bit;
    ++bit;
  };
  if (!checks.status.empty()) tally(!allows(checks, response.status));
  for (const std::string& needle : checks.body_contains) {
    tally(response.body.find(needle) == std::string_view::npos);
  }
  for (const std::string& needle : checks.body_excludes) {
    tally(response.body.find(needle) != std::string_view::npos);
  }
  if (checks.max_latency) tally(response.latency > *checks.max_latency);
  return mask;
}

uint64_t all_checks_mask(size_t count) {
  if (count >= 64) return ~uint64_t{0};
  return (uint64_t{1} << count) - 1;
}

}  // namespace perfgate::scenario
