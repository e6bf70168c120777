// SPDX-License-Identifier: MIT
// LineReader: reads a text file line by line in bounded memory, gzipped or not (zlib detects
// the gzip header), so that a multi-gigabyte k6 `--out json` file streams through.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "perfgate/util/result.h"

namespace perfgate::importers {

class LineReader {
 public:
  // Opens `path` ("-" is stdin). A runtime error naming the path when it cannot be opened.
  static Result<LineReader> open(const std::string& path);
  LineReader(LineReader&&) noexcept;
  LineReader& operator=(LineReader&&) noexcept;
  ~LineReader();

  // The next line without its '\n' (and '\r'), valid until the next call; false at the end of
  // the file. A bad_input error for a corrupt or truncated gzip stream, or a line longer than
  // `k_max_line_bytes` (the message names the file and line).
  Result<bool> next(std::string_view& line);
  int64_t line_number() const { return m_line; }  // 1-based number of the last line returned
  const std::string& path() const { return m_path; }
  bool gzipped() const;

  static constexpr size_t k_max_line_bytes = 16 << 20;

 private:
  struct Stream;
  LineReader(std::string path, std::unique_ptr<Stream> stream);
  Result<bool> fill();

  std::string m_path;
  std::unique_ptr<Stream> m_stream;
  std::string m_buffer;  // bytes read but not yet returned, from m_begin
  size_t m_begin = 0;
  bool m_eof = false;
  int64_t m_line = 0;
};

}  // namespace perfgate::importers
