// SPDX-License-Identifier: MIT
#include "perfgate/engine/self_monitor.h"

#include <sys/resource.h>

namespace perfgate::engine {
namespace {

int64_t cpu_us(int who) {
  rusage usage{};
  if (getrusage(who, &usage) != 0) return 0;
  auto us = [](const timeval& t) { return static_cast<int64_t>(t.tv_sec) * 1'000'000 + t.tv_usec; };
  return us(usage.ru_utime) + us(usage.ru_stime);
}

}  // namespace

int64_t process_cpu_us() {
  return cpu_us(RUSAGE_SELF);
}
int64_t thread_cpu_us() {
  return cpu_us(RUSAGE_THREAD);
}

FileLimit raise_open_files_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return {};
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  auto value = [](rlim_t v) { return v == RLIM_INFINITY ? INT64_MAX : static_cast<int64_t>(v); };
  return FileLimit{value(limit.rlim_cur), value(limit.rlim_max)};
}

}  // namespace perfgate::engine
