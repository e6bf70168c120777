// SPDX-License-Identifier: MIT
#include "perfgate/util/file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace perfgate::util {
namespace {

Error io_error(const std::string& verb, const std::string& path) {
  return Error::runtime(fmt::format("cannot {} {}: {}", verb, path, std::strerror(errno)));
}

bool write_all(int fd, std::string_view content) {
  while (!content.empty()) {
    ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    content.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

Result<std::string> read_file(const std::string& path) {
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    return buffer.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return io_error("read", path);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return io_error("read", path);
  return content;
}

Status write_file_atomic(const std::string& path, std::string_view content) {
  if (path == "-") {
    if (!write_all(STDOUT_FILENO, content)) return io_error("write", "stdout");
    return ok_status();
  }
  std::filesystem::path target(path);
  std::string temp = target.string() + fmt::format(".tmp.{}", ::getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return io_error("write", path);
  bool written = write_all(fd, content) && ::fsync(fd) == 0;
  int saved_errno = errno;
  ::close(fd);
  if (!written || std::rename(temp.c_str(), path.c_str()) != 0) {
    if (written) saved_errno = errno;
    std::remove(temp.c_str());
    errno = saved_errno;
    return io_error("write", path);
  }
  return ok_status();
}

Status append_file(const std::string& path, std::string_view content) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return io_error("append to", path);
  bool written = write_all(fd, content);
  int saved_errno = errno;
  ::close(fd);
  errno = saved_errno;
  if (!written) return io_error("append to", path);
  return ok_status();
}

}  // namespace perfgate::util
