// SPDX-License-Identifier: MIT
// Talking back to the Actions runner: step outputs ($GITHUB_OUTPUT, heredoc syntax), the job
// summary ($GITHUB_STEP_SUMMARY, 1 MiB cap), and workflow commands on stdout (annotations,
// ::add-mask::), escaped as docs/reference/actions-runtime.md §2–4 says.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "perfgate/util/result.h"

namespace perfgate::github {

// GitHub shows at most 10 error and 10 warning annotations per step.
inline constexpr int k_max_annotations_per_level = 10;
// The runner skips uploading a step summary larger than 1 MiB.
inline constexpr size_t k_max_step_summary_bytes = 1024 * 1024;

// Message escaping: % -> %25, \r -> %0D, \n -> %0A.
std::string escape_data(std::string_view text);
// Property escaping: as data, plus : -> %3A and , -> %2C.
std::string escape_property(std::string_view text);

enum class AnnotationLevel { error, warning, notice };
const char* annotation_command(AnnotationLevel level);  // "error", "warning", "notice"

struct Annotation {
  AnnotationLevel level = AnnotationLevel::error;
  std::string title;  // omitted when empty
  std::string message;
  std::string file;  // repository-relative; omitted when empty
  int line = 0;      // omitted when 0
  int column = 0;    // omitted when 0 (or when line is)
};

// "::error title=p95 of login::message" (one line, escaped).
std::string format_annotation(const Annotation& annotation);

// The error annotation for a failure that ends a command, so that the step shows the message
// where people look, not only "exit code 2": title "perf-gate: bad input" (or "perf-gate: error"),
// the error's file (relative to `workspace` when inside it), line and column, and the whole
// message (file, field and what is wrong).
Annotation error_annotation(const Error& error, const std::string& workspace);

// The annotations GitHub will show: at most k_max_annotations_per_level per level, in order;
// when a level has more, the last one shown says how many more there are instead.
std::vector<Annotation> cap_annotations(const std::vector<Annotation>& annotations,
                                        int max_per_level = k_max_annotations_per_level);

// "::add-mask::<escaped value>"; "" for an empty or blank value (the runner would warn).
std::string format_add_mask(std::string_view value);

// One output in heredoc form: "name<<ghadelimiter_<random>\nvalue\nghadelimiter_<random>\n",
// with a delimiter that occurs in neither name nor value. bad_input for a name the runner
// cannot parse (empty, or containing '=', "<<", or a line break).
Result<std::string> format_output(std::string_view name, std::string_view value);

// Appends the outputs to the $GITHUB_OUTPUT file at `path`.
Status write_outputs(const std::string& path,
                     const std::vector<std::pair<std::string, std::string>>& outputs);

// What append_step_summary did.
enum class SummaryWrite { written, truncated, skipped };

// Appends Markdown to $GITHUB_STEP_SUMMARY so that the file stays within `cap_bytes`: content
// that does not fit is cut at a line boundary (never inside a UTF-8 character) with a note.
Result<SummaryWrite> append_step_summary(const std::string& path, std::string_view markdown,
                                         size_t cap_bytes = k_max_step_summary_bytes);

}  // namespace perfgate::github
