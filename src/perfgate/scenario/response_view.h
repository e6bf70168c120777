// SPDX-License-Identifier: MIT
// ResponseView: what captures and checks see of a response. The engine fills it from buffers it
// owns and reuses; the view owns nothing and is valid only while those buffers are.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace perfgate::scenario {

struct ResponseView {
  int status = 0;
  std::string_view body;
  // The raw header block as received ("Name: value\r\n" lines; the status lines "HTTP/1.1 200 OK"
  // are allowed and skipped). After redirects or a 100-continue it may hold several responses'
  // headers; lookups then see the last response only.
  std::string_view headers;
  std::chrono::microseconds latency{0};

  // The value of the header `name` (case-insensitive) in the last response, trimmed; the last
  // occurrence wins. Allocates nothing.
  std::optional<std::string_view> header(std::string_view name) const;
};

// ASCII case-insensitive equality (header names).
bool equals_ignore_case(std::string_view a, std::string_view b);

}  // namespace perfgate::scenario
