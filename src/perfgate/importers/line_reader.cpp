// SPDX-License-Identifier: MIT
#include "perfgate/importers/line_reader.h"

#include <fmt/format.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

namespace perfgate::importers {

struct LineReader::Stream {
  gzFile file = nullptr;
  ~Stream() {
    if (file) gzclose(file);
  }
};

namespace {
constexpr size_t k_chunk_bytes = 1 << 20;
}

LineReader::LineReader(std::string path, std::unique_ptr<Stream> stream)
    : m_path(std::move(path)), m_stream(std::move(stream)) {}
LineReader::LineReader(LineReader&&) noexcept = default;
LineReader& LineReader::operator=(LineReader&&) noexcept = default;
LineReader::~LineReader() = default;

Result<LineReader> LineReader::open(const std::string& path) {
  auto stream = std::make_unique<Stream>();
  // gzdopen on a dup'ed stdin so that gzclose does not close the process's stdin.
  stream->file = path == "-" ? gzdopen(dup(STDIN_FILENO), "rb") : gzopen(path.c_str(), "rb");
  if (!stream->file) {
    // A missing file is the user's bad input (exit 2), as util::read_file has it.
    int cause = errno;
    Error error = Error::runtime(fmt::format("cannot read {}: {}", path, std::strerror(cause)));
    if (cause == ENOENT || cause == ENOTDIR) error.kind = ErrorKind::bad_input;
    return error;
  }
  gzbuffer(stream->file, 256 << 10);
  return LineReader(path, std::move(stream));
}

bool LineReader::gzipped() const {
  return gzdirect(m_stream->file) == 0;
}

Result<bool> LineReader::fill() {
  if (m_begin > 0) {
    m_buffer.erase(0, m_begin);
    m_begin = 0;
  }
  size_t old_size = m_buffer.size();
  m_buffer.resize(old_size + k_chunk_bytes);
  int got = gzread(m_stream->file, m_buffer.data() + old_size, k_chunk_bytes);
  if (got < 0) {
    int code = 0;
    const char* message = gzerror(m_stream->file, &code);
    m_buffer.resize(old_size);
    return Error::at(SourceLocation{m_path, static_cast<int>(m_line + 1), 0}, "",
                     fmt::format("cannot decompress: {} (truncated or corrupt gzip file?)",
                                 code == Z_ERRNO ? std::strerror(errno) : message));
  }
  m_buffer.resize(old_size + static_cast<size_t>(got));
  if (got == 0) {
    // zlib returns the data of a truncated gzip stream and then reports the missing end.
    int code = 0;
    const char* message = gzerror(m_stream->file, &code);
    if (code != Z_OK && code != Z_STREAM_END) {
      return Error::at(
          SourceLocation{m_path, static_cast<int>(m_line + 1), 0}, "",
          fmt::format("cannot decompress: {} (truncated or corrupt gzip file?)", message));
    }
    m_eof = true;
  }
  return true;
}

Result<bool> LineReader::next(std::string_view& line) {
  size_t searched = m_begin;
  while (true) {
    size_t newline = m_buffer.find('\n', searched);
    if (newline != std::string::npos) {
      line = std::string_view(m_buffer).substr(m_begin, newline - m_begin);
      m_begin = newline + 1;
      break;
    }
    if (m_eof) {
      if (m_begin >= m_buffer.size()) return false;
      line = std::string_view(m_buffer).substr(m_begin);
      m_begin = m_buffer.size();
      break;
    }
    if (m_buffer.size() - m_begin > k_max_line_bytes) {
      return Error::at(SourceLocation{m_path, static_cast<int>(m_line + 1), 0}, "",
                       fmt::format("line longer than {} MiB", k_max_line_bytes >> 20));
    }
    searched = m_buffer.size() - m_begin;
    if (auto filled = fill(); !filled) return filled.error();
  }
  ++m_line;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return true;
}

}  // namespace perfgate::importers
