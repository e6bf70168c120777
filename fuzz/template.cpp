// SPDX-License-Identifier: MIT
// Fuzzes template parsing and rendering, and the JSONPath compiler and extraction.
// links: perfgate_scenario
#include "perfgate/scenario/template.h"

#include <cstddef>
#include <cstdint>
#include <random>
#include <string_view>

#include "perfgate/scenario/capture.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  perfgate::Result<perfgate::scenario::Template> tmpl = perfgate::scenario::parse_template(text);
  if (tmpl) {
    std::mt19937_64 rng(size);
    perfgate::scenario::RenderContext context;
    context.rng = &rng;
    std::string out;
    perfgate::scenario::render(*tmpl, context, out);
  }
  // The first line is a JSONPath, the rest a response body.
  size_t newline = text.find('\n');
  std::string path(text.substr(0, newline));
  auto capture =
      perfgate::scenario::make_capture("v", perfgate::scenario::CaptureSource::json, path);
  if (capture && newline != std::string_view::npos) {
    perfgate::scenario::ResponseView response;
    response.body = text.substr(newline + 1);
    (void)perfgate::scenario::extract(*capture, response);
  }
  return 0;
}
