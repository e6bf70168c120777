// SPDX-License-Identifier: MIT
// CSV data files (RFC 4180, with a header row) whose rows feed {{ column }} templates.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

#include "perfgate/scenario/scenario.h"
#include "perfgate/util/result.h"

namespace perfgate::scenario {

// Parses CSV text: the first record names the columns; every other record must have as many
// fields. Fields may be quoted ("a, b", "say ""hi""", line breaks inside quotes); records end
// with LF or CRLF; blank lines and a UTF-8 BOM are skipped. Errors name `source_name` and the line.
Result<DataFile> parse_csv(std::string_view text, const std::string& source_name);

// Reads and parses the file at `path` (DataFile::path = path).
Result<DataFile> load_data_file(const std::string& path, DataOrder order);

// The row an iteration uses: sequential takes row `sequence % rows` (the engine passes a counter
// of iterations started, shared or per VU as it documents), random draws one uniformly.
// REQUIRES: !data.rows.empty()
size_t pick_data_row(const DataFile& data, uint64_t sequence, std::mt19937_64& rng);

// The index of `column` in data.columns, or -1.
int data_column_index(const DataFile& data, std::string_view column);

}  // namespace perfgate::scenario
