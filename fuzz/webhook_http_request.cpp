// SPDX-License-Identifier: MIT
// Fuzzes what `perf-gate serve` reads from the network before any check: the request head
// parser, percent-decoding, and the base64 decoder behind whsec_ secrets. Any bytes must give
// a value or a rejection, never a crash or a hang; a decoded base64 value must round-trip.
// links: perfgate_webhook
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "perfgate/webhook/http_message.h"
#include "perfgate/webhook/signature.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto head = perfgate::webhook::parse_request_head(text)) {
    (void)head->param("scenario");
    (void)head->header("authorization");
    if (head->path.find('\0') != std::string_view::npos) __builtin_trap();
  }
  (void)perfgate::webhook::percent_decode(text, true);
  if (auto bytes = perfgate::webhook::base64_decode(text)) {
    auto again = perfgate::webhook::base64_decode(perfgate::webhook::base64_encode(*bytes));
    if (!again || *again != *bytes) __builtin_trap();
  }
  return 0;
}
