// SPDX-License-Identifier: MIT
// Fuzzes the results-file reader: any bytes must give a RunResult or an Error, never a crash,
// hang or unbounded allocation. A parsed result must survive writing and reading again.
// links: perfgate_results
#include "perfgate/results/result_file.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = perfgate::results::parse_result(text, "fuzz.json");
  if (parsed.ok()) {
    auto again = perfgate::results::parse_result(perfgate::results::to_json_text(*parsed), "again");
    if (!again.ok()) __builtin_trap();
  }
  return 0;
}
