# SPDX-License-Identifier: MIT
# PERFGATE_SANITIZE="address;undefined" or "thread" instruments every target (global flags, so that
# tests, benchmarks and the library agree).
if(PERFGATE_SANITIZE)
  string(REPLACE ";" "," _sanitizers "${PERFGATE_SANITIZE}")
  add_compile_options(-fsanitize=${_sanitizers} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${_sanitizers})
endif()
if(PERFGATE_FUZZ)
  # Coverage instrumentation for every target; fuzz/ adds the libFuzzer driver itself.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
