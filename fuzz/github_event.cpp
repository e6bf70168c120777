// SPDX-License-Identifier: MIT
// Fuzzes the GitHub event payload reader ($GITHUB_EVENT_PATH), under several event names.
// links: perfgate_github
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "perfgate/ci/runner_env.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (std::string_view event :
       {"pull_request", "push", "deployment_status", "workflow_dispatch"}) {
    auto parsed = perfgate::ci::parse_event(text, event, "event.json", "0123abcd");
    (void)parsed;
  }
  return 0;
}
