// SPDX-License-Identifier: MIT
// Captures: values taken from a response (JSONPath subset, header, regex) into template variables.
// Expressions are compiled at load time; extraction runs on the engine's hot path.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "perfgate/scenario/response_view.h"
#include "perfgate/scenario/scenario.h"
#include "perfgate/util/result.h"

namespace perfgate::scenario {

// Compiles the JSONPath subset: `$`, then any of `.key`, `['key']` / `["key"]`, `[index]`,
// `[-1]` (from the end). Errors (bad_input, no location) say what is wrong and where.
Result<std::vector<JsonPathSegment>> compile_json_path(std::string_view path);

// A capture with its expression compiled (JSONPath segments or the regex).
Result<Capture> make_capture(std::string variable, CaptureSource source, std::string expression);

// The captured value, or nullopt when the response does not have it (no such path, header or
// match; a body that is not JSON). Strings come without quotes, numbers and booleans as their
// JSON text, objects and arrays as compact JSON. Parses the body for a JSON capture.
std::optional<std::string> extract(const Capture& capture, const ResponseView& response);

// Every capture of a step into `values` (same order, resized), parsing the body as JSON at most
// once and only when some capture needs it.
void extract_all(const std::vector<Capture>& captures, const ResponseView& response,
                 std::vector<std::optional<std::string>>& values);

// Regex captures search at most this much of the body. Regexes run on libstdc++'s polynomial
// (Thompson NFA) executor, whose stack use does not grow with the input (the default backtracking
// one overflows a thread's stack on a long match), at about 0.2 us per byte; the cap bounds that.
inline constexpr size_t k_regex_max_body_bytes = 256 * 1024;

}  // namespace perfgate::scenario
