// SPDX-License-Identifier: MIT
// Fuzzes the verdict reader (perf-gate/verdict/v1: `report`, `serve`, `rollback` read it).
// links: perfgate_stats
#include "perfgate/stats/verdict_file.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = perfgate::stats::parse_verdict(text, "fuzz.json");
  (void)parsed;
  return 0;
}
