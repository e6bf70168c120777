// SPDX-License-Identifier: MIT
// Error: a recoverable failure as a value, with the place in the input it concerns.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

namespace perfgate {

// What kind of failure; drives the exit code (cli/exit_code.h) when it reaches the top.
enum class ErrorKind {
  bad_input,  // the user's file or flag is wrong: exit 2
  runtime,    // the environment failed (network, file system, server): exit 3
};

// Where in an input file an error was found. Lines and columns are 1-based; 0 means unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

struct Error {
  ErrorKind kind = ErrorKind::bad_input;
  std::string message;
  std::optional<SourceLocation> location;  // set for errors in an input file
  std::string field;                       // the offending key or JSON path, when known

  static Error bad_input(std::string message) {
    return {ErrorKind::bad_input, std::move(message), {}, {}};
  }
  static Error runtime(std::string message) {
    return {ErrorKind::runtime, std::move(message), {}, {}};
  }
  static Error at(SourceLocation where, std::string field, std::string message) {
    return {ErrorKind::bad_input, std::move(message), std::move(where), std::move(field)};
  }

  // "file:line:column: field: message", omitting the parts that are unknown.
  std::string describe() const;
};

// Thrown for a failure that should end the command; caught once in cli::run and turned into
// "perf-gate: error: …" and an exit code (ccache's core::Fatal).
class Fatal : public std::runtime_error {
 public:
  explicit Fatal(Error error) : std::runtime_error(error.describe()), m_error(std::move(error)) {}
  const Error& error() const { return m_error; }

 private:
  Error m_error;
};

}  // namespace perfgate
