// SPDX-License-Identifier: MIT
// Fuzzes the thresholds parser: any bytes must give a ThresholdSet or an Error, never a crash.
// links: perfgate_stats
#include "perfgate/stats/thresholds.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  perfgate::Result<perfgate::stats::ThresholdSet> set =
      perfgate::stats::parse_thresholds(text, "fuzz.yaml");
  if (set) {
    // Merging profile sections is the other code path a parsed file reaches.
    for (const auto& [name, entries] : set->profiles) (void)set->for_profile(name);
    (void)set->for_profile("baseline");
  }
  return 0;
}
