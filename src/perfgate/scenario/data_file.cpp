// SPDX-License-Identifier: MIT
#include "perfgate/scenario/data_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "perfgate/util/file.h"

namespace perfgate::scenario {
namespace {

// A small RFC 4180 reader: one record per call, tracking line numbers for errors.
class CsvReader {
 public:
  CsvReader(std::string_view text, const std::string& source) : m_text(text), m_source(source) {
    if (m_text.starts_with("\xEF\xBB\xBF")) m_text.remove_prefix(3);
  }

  bool at_end() const { return m_at >= m_text.size(); }
  int line() const { return m_line; }

  // The next record's fields; an empty vector for a blank line.
  Result<std::vector<std::string>> next() {
    std::vector<std::string> fields;
    if (peek() == '\n' || peek() == '\r') {
      end_of_record();
      return fields;
    }
    while (true) {
      Result<std::string> field = peek() == '"' ? quoted_field() : plain_field();
      if (!field) return field.error();
      fields.push_back(std::move(field.value()));
      if (peek() == ',') {
        ++m_at;
        continue;
      }
      end_of_record();
      return fields;
    }
  }

 private:
  char peek() const { return m_at < m_text.size() ? m_text[m_at] : '\0'; }

  void end_of_record() {
    if (peek() == '\r') ++m_at;
    if (peek() == '\n') ++m_at;
    ++m_line;
  }

  Error error(int line, std::string message) const {
    return Error::at(SourceLocation{m_source, line, 0}, "", std::move(message));
  }

  Result<std::string> plain_field() {
    size_t start = m_at;
    while (m_at < m_text.size() && m_text[m_at] != ',' && m_text[m_at] != '\n' &&
           m_text[m_at] != '\r') {
      if (m_text[m_at] == '"') {
        return error(m_line,
                     "a '\"' inside an unquoted field (quote the whole field and double "
                     "the quote: \"a \"\"b\"\"\")");
      }
      ++m_at;
    }
    return std::string(m_text.substr(start, m_at - start));
  }

  Result<std::string> quoted_field() {
    int start_line = m_line;
    ++m_at;  // the opening quote
    std::string field;
    while (true) {
      if (m_at >= m_text.size()) return error(start_line, "unterminated quoted field");
      char c = m_text[m_at++];
      if (c == '"') {
        if (peek() != '"') break;
        ++m_at;  // "" is one quote
      } else if (c == '\n') {
        ++m_line;
      }
      field += c;
    }
    if (m_at < m_text.size() && peek() != ',' && peek() != '\n' && peek() != '\r') {
      return error(m_line, "text after the closing quote of a field");
    }
    return field;
  }

  std::string_view m_text;
  const std::string& m_source;
  size_t m_at = 0;
  int m_line = 1;
};

Status check_header(const std::vector<std::string>& columns, const std::string& source) {
  // A set, not a scan of the earlier columns: 100,000 columns must not take quadratic time.
  std::unordered_set<std::string_view> seen;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].empty()) {
      return Error::at(SourceLocation{source, 1, 0}, "",
                       fmt::format("column {} of the header row has no name", i + 1));
    }
    if (!seen.insert(columns[i]).second) {
      return Error::at(SourceLocation{source, 1, 0}, "",
                       fmt::format("column '{}' appears twice in the header row", columns[i]));
    }
  }
  return ok_status();
}

}  // namespace

Result<DataFile> parse_csv(std::string_view text, const std::string& source_name) {
  DataFile data;
  data.path = source_name;
  CsvReader reader(text, source_name);
  while (!reader.at_end()) {
    int line = reader.line();
    Result<std::vector<std::string>> record = reader.next();
    if (!record) return record.error();
    if (record->empty()) continue;
    if (data.columns.empty()) {
      data.columns = std::move(record.value());
      if (Status header = check_header(data.columns, source_name); !header) return header.error();
      continue;
    }
    if (record->size() != data.columns.size()) {
      return Error::at(SourceLocation{source_name, line, 0}, "",
                       fmt::format("{} fields, but the header row names {} columns", record->size(),
                                   data.columns.size()));
    }
    data.rows.push_back(std::move(record.value()));
  }
  if (data.columns.empty()) {
    return Error::at(SourceLocation{source_name, 1, 0}, "", "empty data file (no header row)");
  }
  if (data.rows.empty()) {
    return Error::at(SourceLocation{source_name, 2, 0}, "",
                     "the data file has no rows after the header");
  }
  return data;
}

Result<DataFile> load_data_file(const std::string& path, DataOrder order) {
  Result<std::string> text = util::read_file(path);
  if (!text) return Error::bad_input(text.error().message);
  Result<DataFile> data = parse_csv(*text, path);
  if (data) data->order = order;
  return data;
}

size_t pick_data_row(const DataFile& data, uint64_t sequence, std::mt19937_64& rng) {
  if (data.order == DataOrder::sequential) return sequence % data.rows.size();
  return std::uniform_int_distribution<size_t>(0, data.rows.size() - 1)(rng);
}

int data_column_index(const DataFile& data, std::string_view column) {
  for (size_t i = 0; i < data.columns.size(); ++i) {
    if (data.columns[i] == column) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace perfgate::scenario
