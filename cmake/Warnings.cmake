# SPDX-License-Identifier: MIT
# perfgate_warnings: the warning set every perf-gate target compiles with.
add_library(perfgate_warnings INTERFACE)
target_compile_options(perfgate_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough)
if(PERFGATE_WERROR)
  target_compile_options(perfgate_warnings INTERFACE -Werror)
endif()
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12 at -O3 reports impossible std::string overlaps in inlined libstdc++ code
  # (GCC bug 105651); the warning says nothing about our code there.
  target_compile_options(perfgate_warnings INTERFACE -Wno-restrict)
endif()
