// SPDX-License-Identifier: MIT
// Fuzzes the CSV reader of scenario data files (`data: { file: users.csv }`).
// links: perfgate_scenario
#include "perfgate/scenario/data_file.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = perfgate::scenario::parse_csv(text, "fuzz.csv");
  if (parsed.ok() && (parsed->columns.empty() || parsed->rows.empty())) __builtin_trap();
  return 0;
}
