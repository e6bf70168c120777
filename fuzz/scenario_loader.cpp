// SPDX-License-Identifier: MIT
// Fuzzes the scenario loader: any bytes must give a Scenario or an Error, never a crash or hang.
// links: perfgate_scenario
#include "perfgate/scenario/scenario_loader.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "perfgate/scenario/template.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  // base_dir "" keeps data-file paths as written: a fuzzed path may name any file, read-only.
  perfgate::scenario::LoadOutcome outcome =
      perfgate::scenario::parse_scenario_all(text, "fuzz.yaml", "/nonexistent-perfgate-fuzz");
  if (outcome.scenario) {
    // Render every template once, so rendering of whatever the loader accepted is fuzzed too.
    std::string out;
    perfgate::scenario::RenderContext context;
    for (const auto& journey : outcome.scenario->scenarios) {
      for (const auto& step : journey.steps) {
        perfgate::scenario::render(step.path, context, out);
        if (step.body) perfgate::scenario::render(*step.body, context, out);
        for (const auto& header : step.headers)
          perfgate::scenario::render(header.value, context, out);
      }
    }
    (void)outcome.scenario->endpoint_names();
  }
  return 0;
}
