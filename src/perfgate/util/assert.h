// SPDX-License-Identifier: MIT
// PG_ASSERT stays on in release builds (ccache's ASSERT); PG_DEBUG_ASSERT is for hot loops.
#pragma once

namespace perfgate::util {
[[noreturn]] void assertion_failed(const char* file, int line, const char* function,
                                   const char* condition);
}  // namespace perfgate::util

#define PG_ASSERT(condition)                                                        \
  do {                                                                              \
    if (!(condition)) [[unlikely]] {                                                \
      ::perfgate::util::assertion_failed(__FILE__, __LINE__, __func__, #condition); \
    }                                                                               \
  } while (false)

#ifdef NDEBUG
#define PG_DEBUG_ASSERT(condition) static_cast<void>(0)
#else
#define PG_DEBUG_ASSERT(condition) PG_ASSERT(condition)
#endif
