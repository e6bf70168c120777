# SPDX-License-Identifier: MIT
# perfgate_warnings: the warning set every perf-gate target compiles with.
add_library(perfgate_warnings INTERFACE)
target_compile_options(perfgate_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough)
if(PERFGATE_WERROR)
  target_compile_options(perfgate_warnings INTERFACE -Werror)
endif()
