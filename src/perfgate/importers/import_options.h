// SPDX-License-Identifier: MIT
// ImportOptions: what an imported result is called, for the parts the source files do not say.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace perfgate::importers {

struct ImportOptions {
  // meta.scenario; empty: the tool's name ("k6", "artillery"). Baselines match on it.
  std::string scenario;
  // meta.profile; thresholds sections apply by profile.
  std::string profile = "default";
  // Used as the start when the source has no timestamps (k6 summaries); unset: the Unix epoch.
  std::optional<std::chrono::system_clock::time_point> fallback_start;
};

}  // namespace perfgate::importers
