// SPDX-License-Identifier: MIT
// Fuzzes the whole-document importers — k6 summaries, Artillery reports, k6 thresholds and
// Artillery `ensure` — chosen by the first byte: any bytes must give a value or an Error, never
// a crash; an imported result must survive the results file, converted thresholds must parse.
// links: perfgate_importers
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "perfgate/importers/artillery_report.h"
#include "perfgate/importers/k6_summary.h"
#include "perfgate/importers/thresholds_import.h"
#include "perfgate/results/result_file.h"
#include "perfgate/stats/thresholds.h"

namespace {

void check_result(const perfgate::Result<perfgate::results::RunResult>& result) {
  if (!result.ok()) return;
  auto again = perfgate::results::parse_result(perfgate::results::to_json_text(*result), "again");
  if (!again.ok()) __builtin_trap();
}

void check_thresholds(const perfgate::Result<perfgate::importers::ConvertedThresholds>& converted) {
  if (!converted.ok()) return;
  if (!perfgate::stats::parse_thresholds(converted->yaml, "converted").ok()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  using namespace perfgate::importers;
  switch (data[0] % 4) {
    case 0:
      check_result(import_k6_summary(text, "fuzz.json", {}));
      break;
    case 1:
      check_result(import_artillery_report(text, "fuzz.json", {}));
      break;
    case 2:
      check_thresholds(convert_k6_thresholds_file(text, "fuzz.json"));
      break;
    default:
      check_thresholds(convert_artillery_ensure(text, "fuzz.yml"));
      break;
  }
  return 0;
}
