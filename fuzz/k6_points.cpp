// SPDX-License-Identifier: MIT
// Fuzzes the k6 `--out json` importer line by line: any bytes must give a RunResult or an Error,
// never a crash, hang or unbounded allocation; a result must survive the results file.
// links: perfgate_importers
#include "perfgate/importers/k6_points.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "perfgate/results/result_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  perfgate::importers::K6PointsImporter importer({});
  int64_t line = 0;
  for (size_t from = 0; from <= text.size();) {
    size_t end = text.find('\n', from);
    if (end == std::string_view::npos) end = text.size();
    if (!importer.add_line(text.substr(from, end - from), "fuzz.ndjson", ++line).ok()) return 0;
    from = end + 1;
  }
  auto result = importer.finish("fuzz.ndjson");
  // Writing a week of windows is the results fuzzer's business, and too slow here.
  if (result.ok() && result->metrics.window_count() < 10'000) {
    auto again = perfgate::results::parse_result(perfgate::results::to_json_text(*result), "again");
    if (!again.ok()) __builtin_trap();
  }
  return 0;
}
