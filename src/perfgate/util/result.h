// SPDX-License-Identifier: MIT
// Result<T>: either a T or an Error (a small std::expected, which C++20 lacks).
#pragma once

#include <utility>
#include <variant>

#include "perfgate/util/assert.h"
#include "perfgate/util/error.h"

namespace perfgate {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value)
      : m_state(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return m_state.index() == 0; }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  T& value() & {
    PG_ASSERT(ok());
    return std::get<0>(m_state);
  }
  const T& value() const& {
    PG_ASSERT(ok());
    return std::get<0>(m_state);
  }
  T&& value() && {
    PG_ASSERT(ok());
    return std::get<0>(std::move(m_state));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // REQUIRES: !ok()
  const Error& error() const {
    PG_ASSERT(!ok());
    return std::get<1>(m_state);
  }

  // The value, or throws Fatal with the error: for callers that cannot recover.
  T value_or_throw() && {
    if (!ok()) throw Fatal(error());
    return std::get<0>(std::move(m_state));
  }

 private:
  std::variant<T, Error> m_state;
};

// Result<void>: success carries nothing.
struct Ok {};
using Status = Result<Ok>;
inline Status ok_status() {
  return Ok{};
}

}  // namespace perfgate
