// SPDX-License-Identifier: MIT
#include "perfgate/util/clock.h"

namespace perfgate::util {

Clock& steady_clock() {
  static SteadyClock clock;
  return clock;
}

}  // namespace perfgate::util
