// SPDX-License-Identifier: MIT
#include "perfgate/util/fingerprint.h"

#include <fmt/format.h>

#include <cstring>

namespace perfgate::util {

void Fingerprint::add_bytes(const void* data, size_t size) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < size; ++i) {
    m_hash ^= bytes[i];
    m_hash *= 0x100000001b3ULL;
  }
}

Fingerprint& Fingerprint::add(std::string_view text) {
  add(static_cast<int64_t>(text.size()));
  add_bytes(text.data(), text.size());
  return *this;
}

Fingerprint& Fingerprint::add(int64_t value) {
  // Little-endian bytes, whatever the machine, so that shards on any host agree.
  for (int i = 0; i < 8; ++i) {
    unsigned char byte =
        static_cast<unsigned char>((static_cast<uint64_t>(value) >> (8 * i)) & 0xff);
    add_bytes(&byte, 1);
  }
  return *this;
}

Fingerprint& Fingerprint::add(double value) {
  uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  return add(static_cast<int64_t>(bits));
}

std::string Fingerprint::text() const {
  return fmt::format("fnv1a64:{:016x}", m_hash);
}

}  // namespace perfgate::util
