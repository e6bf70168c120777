// SPDX-License-Identifier: MIT
#include "perfgate/util/file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
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
  // A missing file or a directory is the user's bad input (exit 2), not a runtime failure.
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    Error error = io_error("read", path);
    if (errno == ENOENT || errno == ENOTDIR) error.kind = ErrorKind::bad_input;
    return error;
  }
  if (S_ISDIR(info.st_mode))
    return Error::bad_input(fmt::format("cannot read {}: it is a directory", path));
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
  std::filesystem::path dir = target.parent_path().empty() ? "." : target.parent_path();
  struct stat existing {};
  bool exists = ::stat(path.c_str(), &existing) == 0;
  if (exists && S_ISDIR(existing.st_mode)) {
    errno = EISDIR;
    return io_error("write", path);
  }
  static std::atomic<unsigned> counter{0};
  std::string temp = (dir / fmt::format(".{}.tmp.{}.{}", target.filename().string(), ::getpid(),
                                        counter.fetch_add(1)))
                         .string();
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) return io_error("write", path);
  bool written = (!exists || ::fchmod(fd, existing.st_mode & 07777) == 0) &&
                 write_all(fd, content) && ::fsync(fd) == 0;
  int saved_errno = errno;
  ::close(fd);
  if (!written || std::rename(temp.c_str(), path.c_str()) != 0) {
    if (written) saved_errno = errno;
    std::remove(temp.c_str());
    errno = saved_errno;
    return io_error("write", path);
  }
  // The rename is durable only once the directory is.
  int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return ok_status();
}

Status create_parent_directories(const std::string& path) {
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) return ok_status();
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return Error::runtime(
        fmt::format("cannot create the directory of {}: {}", path, error.message()));
  }
  return ok_status();
}

Result<DirectoryLock> DirectoryLock::acquire(const std::string& path) {
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) dir = ".";
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return io_error("lock the directory of", path);
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    int saved_errno = errno;
    ::close(fd);
    errno = saved_errno;
    return io_error("lock the directory of", path);
  }
  return DirectoryLock(fd);
}

DirectoryLock::~DirectoryLock() {
  if (m_fd >= 0) ::close(m_fd);  // closing releases the flock
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
