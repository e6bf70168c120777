// SPDX-License-Identifier: MIT
// Loads and validates a scenario file (docs/scenario-format.md) before any load is sent. Every
// error names file:line:column (1-based) and the field as a dotted path, e.g.
// "api.yaml:14:20: scenarios[1].steps[0].capture.token: bad JSONPath …".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "perfgate/scenario/scenario.h"
#include "perfgate/util/result.h"

namespace perfgate::scenario {

// Reads `path` and parses it; data files are resolved against the file's directory. A file that
// cannot be read is a bad_input error naming it.
Result<Scenario> load_scenario(const std::string& path);

// Parses YAML text. `source_name` is used in errors and as Scenario::source_file; `base_dir`
// resolves relative data-file paths. When the scenario is invalid, returns the first error (in
// file order); its message continues with the other errors, one "file:line:column: field:
// message" per line, so that printing the one error shows every problem.
Result<Scenario> parse_scenario(std::string_view yaml_text, const std::string& source_name,
                                const std::string& base_dir);

// Every validation error at once (up to a limit), in file order where possible; for commands
// that want to print them all. `scenario` is set only when `errors` is empty.
struct LoadOutcome {
  std::optional<Scenario> scenario;
  std::vector<Error> errors;
};
LoadOutcome parse_scenario_all(std::string_view yaml_text, const std::string& source_name,
                               const std::string& base_dir);
LoadOutcome load_scenario_all(const std::string& path);

// Variable names that templates reserve for built-ins; captures may not use them.
bool is_reserved_variable(std::string_view name);

// What is wrong with a target URL (the scenario's `target:` or --target), or "" when it is fine:
// http(s) only, a host, no query, no credentials (user:password@ would be written into results
// and baselines), no white space. The message never repeats the URL.
std::string target_url_problem(std::string_view url);

}  // namespace perfgate::scenario
