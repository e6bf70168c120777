// SPDX-License-Identifier: MIT
// Fuzzes the baseline reader (perf-gate/baseline/v1, which embeds a results file): any bytes
// give a Baseline or an Error; a parsed baseline survives writing and reading again.
// links: perfgate_stats
#include "perfgate/stats/baseline_file.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = perfgate::stats::parse_baseline(text, "fuzz.json");
  if (parsed.ok()) {
    auto again =
        perfgate::stats::parse_baseline(perfgate::stats::baseline_to_json(*parsed), "again");
    if (!again.ok()) __builtin_trap();
  }
  return 0;
}
