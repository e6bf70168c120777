// SPDX-License-Identifier: MIT
// Fingerprint: a 64-bit FNV-1a digest of what defines a run, so that results of different
// scenarios or load plans are told apart. Not cryptographic: it catches mistakes, not forgeries.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace perfgate::util {

class Fingerprint {
 public:
  // Each part is added with its length, so that ("ab", "c") and ("a", "bc") differ.
  Fingerprint& add(std::string_view text);
  Fingerprint& add(int64_t value);
  Fingerprint& add(double value);  // by its bit pattern
  uint64_t value() const { return m_hash; }
  // "fnv1a64:" and 16 lower-case hex digits.
  std::string text() const;

 private:
  void add_bytes(const void* data, size_t size);
  uint64_t m_hash = 0xcbf29ce484222325ULL;
};

}  // namespace perfgate::util
