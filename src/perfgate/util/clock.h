// SPDX-License-Identifier: MIT
// Clock: the monotonic time source, injectable so that tests can drive time (leveldb's Env).
#pragma once

#include <chrono>
#include <cstdint>

namespace perfgate::util {

using Nanos = std::chrono::nanoseconds;

// Thread-safe: now() may be called from any thread.
class Clock {
 public:
  virtual ~Clock() = default;
  // Monotonic time since an arbitrary epoch.
  virtual Nanos now() const = 0;
  // Wall-clock time, for timestamps in results and payloads only, never for measurement.
  virtual std::chrono::system_clock::time_point wall_now() const = 0;
};

class SteadyClock final : public Clock {
 public:
  Nanos now() const override {
    return std::chrono::duration_cast<Nanos>(std::chrono::steady_clock::now().time_since_epoch());
  }
  std::chrono::system_clock::time_point wall_now() const override {
    return std::chrono::system_clock::now();
  }
};

// The process-wide steady clock.
Clock& steady_clock();

}  // namespace perfgate::util
