// SPDX-License-Identifier: MIT
// The generator watching itself: CPU time (process and thread) and the open-files limit.
#pragma once

#include <cstdint>

namespace perfgate::engine {

// CPU time (user + system) in µs: of the whole process, or of the calling thread.
int64_t process_cpu_us();
int64_t thread_cpu_us();

struct FileLimit {
  int64_t soft = 0;  // in force after raising
  int64_t hard = 0;
};
// Raises RLIMIT_NOFILE's soft limit to the hard limit (as far as allowed) and returns both.
FileLimit raise_open_files_limit();

}  // namespace perfgate::engine
