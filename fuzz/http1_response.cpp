// SPDX-License-Identifier: MIT
// Fuzzes the native client's response parsing: the input is split into reads at the positions its
// first byte chooses, as a connection would deliver them, then ends the stream.
// links: perfgate_engine
#include "perfgate/engine/http1_response.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  using perfgate::engine::HeadRequest;
  using perfgate::engine::Keep;
  using perfgate::engine::Parsed;
  size_t step = 1 + data[0] % 64;
  HeadRequest head = (data[0] & 0x80) != 0 ? HeadRequest::yes : HeadRequest::no;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  perfgate::engine::Http1Response response;
  // Two responses on one "connection", as keep-alive reuses the parser.
  for (int round = 0; round < 2 && !text.empty(); ++round) {
    response.start(head, Keep::yes, Keep::yes);
    Parsed result = Parsed::more;
    while (result == Parsed::more && !text.empty()) {
      size_t consumed = 0;
      std::string_view read = text.substr(0, step);
      result = response.feed(read, consumed);
      if (consumed > read.size()) __builtin_trap();
      text.remove_prefix(consumed);
      if (result == Parsed::more && consumed < read.size()) __builtin_trap();
    }
    if (result == Parsed::more) result = response.feed_eof();
    if (response.header_bytes() < 0 || response.body_bytes() < 0) __builtin_trap();
    if (result != Parsed::complete) break;
  }
  return 0;
}
