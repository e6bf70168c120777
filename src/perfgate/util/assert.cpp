// SPDX-License-Identifier: MIT
#include "perfgate/util/assert.h"

#include <cstdio>
#include <cstdlib>

namespace perfgate::util {

void assertion_failed(const char* file, int line, const char* function, const char* condition) {
  std::fprintf(stderr, "perf-gate: internal error: %s:%d: %s: assertion '%s' failed\n", file, line,
               function, condition);
  std::abort();
}

}  // namespace perfgate::util
