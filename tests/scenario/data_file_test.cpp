// SPDX-License-Identifier: MIT
#include "perfgate/scenario/data_file.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "perfgate/scenario/scenario_loader.h"
#include "support/test_paths.h"

namespace perfgate::scenario {
namespace {

using Rows = std::vector<std::vector<std::string>>;

DataFile parsed(std::string_view text) {
  Result<DataFile> data = parse_csv(text, "users.csv");
  EXPECT_TRUE(data.ok()) << data.error().describe();
  return data.ok() ? data.value() : DataFile{};
}

std::string error_of(std::string_view text) {
  Result<DataFile> data = parse_csv(text, "users.csv");
  return data.ok() ? "<parsed>" : data.error().describe();
}

void write(const std::string& path, std::string_view text) {
  std::ofstream(path) << text;
}

TEST(CsvTest, HeaderAndRows) {
  DataFile data = parsed("user,pass\nann,1\nbob,2\n");
  EXPECT_EQ(data.columns, (std::vector<std::string>{"user", "pass"}));
  EXPECT_EQ(data.rows, (Rows{{"ann", "1"}, {"bob", "2"}}));
}

TEST(CsvTest, QuotedFieldsWithCommasQuotesAndNewlines) {
  DataFile data = parsed("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"line1\nline2\",\"\"\n");
  EXPECT_EQ(data.rows, (Rows{{"x, y", "say \"hi\""}, {"line1\nline2", ""}}));
}

TEST(CsvTest, CrlfAndNoFinalNewline) {
  DataFile data = parsed("a,b\r\n1,2\r\n3,4");
  EXPECT_EQ(data.rows, (Rows{{"1", "2"}, {"3", "4"}}));
}

TEST(CsvTest, EmptyFieldsAndBlankLines) {
  DataFile data = parsed("a,b,c\n,,\n\n1,,3\n");
  EXPECT_EQ(data.rows, (Rows{{"", "", ""}, {"1", "", "3"}}));
}

TEST(CsvTest, ByteOrderMarkIsSkipped) {
  EXPECT_EQ(parsed("\xEF\xBB\xBFname\nx\n").columns, std::vector<std::string>{"name"});
}

TEST(CsvTest, WrongFieldCountNamesTheLine) {
  EXPECT_EQ(error_of("a,b\n1,2\n3\n"), "users.csv:3: 1 fields, but the header row names 2 columns");
}

TEST(CsvTest, LineNumbersCountLineBreaksInsideQuotes) {
  EXPECT_EQ(error_of("a\n\"x\ny\"\n1,2\n"),
            "users.csv:4: 2 fields, but the header row names 1 columns");
}

TEST(CsvTest, UnterminatedQuoteNamesWhereItStarted) {
  EXPECT_EQ(error_of("a\nok\n\"never\nclosed\n"), "users.csv:3: unterminated quoted field");
}

TEST(CsvTest, QuoteInsideUnquotedFieldIsAnError) {
  EXPECT_NE(error_of("a\nx\"y\n").find("users.csv:2: a '\"' inside an unquoted field"),
            std::string::npos);
}

TEST(CsvTest, TextAfterClosingQuoteIsAnError) {
  EXPECT_NE(error_of("a\n\"x\"y\n").find("users.csv:2: text after the closing quote"),
            std::string::npos);
}

TEST(CsvTest, EmptyFileAndHeaderOnlyAreErrors) {
  EXPECT_NE(error_of("").find("no header row"), std::string::npos);
  EXPECT_NE(error_of("a,b\n").find("no rows"), std::string::npos);
}

TEST(CsvTest, DuplicateOrEmptyColumnNamesAreErrors) {
  EXPECT_NE(error_of("a,a\n1,2\n").find("'a' appears twice"), std::string::npos);
  EXPECT_NE(error_of("a,\n1,2\n").find("column 2 of the header row has no name"),
            std::string::npos);
}

TEST(CsvTest, SequentialOrderCycles) {
  DataFile data = parsed("a\n0\n1\n2\n");
  std::mt19937_64 rng(1);
  std::vector<size_t> picks;
  for (uint64_t i = 0; i < 5; ++i) picks.push_back(pick_data_row(data, i, rng));
  EXPECT_EQ(picks, (std::vector<size_t>{0, 1, 2, 0, 1}));
}

TEST(CsvTest, RandomOrderCoversEveryRow) {
  DataFile data = parsed("a\n0\n1\n2\n");
  data.order = DataOrder::random;
  std::mt19937_64 rng(3);
  std::set<size_t> seen;
  for (uint64_t i = 0; i < 200; ++i) seen.insert(pick_data_row(data, 0, rng));
  EXPECT_EQ(seen, (std::set<size_t>{0, 1, 2}));
}

TEST(CsvTest, ColumnIndex) {
  DataFile data = parsed("a,b\n1,2\n");
  EXPECT_EQ(data_column_index(data, "b"), 1);
  EXPECT_EQ(data_column_index(data, "c"), -1);
}

TEST(DataFileLoaderTest, RelativePathResolvesAgainstTheScenarioFile) {
  test::TempDir dir;
  write(dir.file("users.csv"), "username\nann\n");
  write(dir.file("s.yaml"),
        "data: { file: users.csv, order: random }\n"
        "scenarios: [ { steps: [ { get: '/u/{{ username }}' } ] } ]\n");
  Result<Scenario> scenario = load_scenario(dir.file("s.yaml"));
  ASSERT_TRUE(scenario.ok()) << scenario.error().describe();
  ASSERT_TRUE(scenario->data.has_value());
  EXPECT_EQ(scenario->data->path, dir.file("users.csv"));
  EXPECT_EQ(scenario->data->order, DataOrder::random);
  EXPECT_EQ(scenario->data->rows, Rows{{"ann"}});
}

TEST(DataFileLoaderTest, JourneyDataShorthandAndColumnsAsVariables) {
  test::TempDir dir;
  write(dir.file("ids.csv"), "id\n1\n");
  write(dir.file("s.yaml"),
        "scenarios:\n  - data: ids.csv\n    steps: [ { get: '/i/{{ id }}' } ]\n");
  Result<Scenario> scenario = load_scenario(dir.file("s.yaml"));
  ASSERT_TRUE(scenario.ok()) << scenario.error().describe();
  ASSERT_TRUE(scenario->scenarios[0].data.has_value());
  EXPECT_EQ(scenario->scenarios[0].data->order, DataOrder::sequential);
}

TEST(DataFileLoaderTest, MissingDataFileIsAnErrorAtTheKey) {
  test::TempDir dir;
  write(dir.file("s.yaml"), "data: { file: nope.csv }\nscenarios: [ { steps: [ { get: / } ] } ]\n");
  Result<Scenario> scenario = load_scenario(dir.file("s.yaml"));
  ASSERT_FALSE(scenario.ok());
  EXPECT_EQ(scenario.error().location->line, 1);
  EXPECT_EQ(scenario.error().location->column, 15);
  EXPECT_EQ(scenario.error().field, "data.file");
  EXPECT_NE(scenario.error().message.find("nope.csv not found"), std::string::npos);
}

TEST(DataFileLoaderTest, BadCsvIsReportedAtTheCsvLine) {
  test::TempDir dir;
  write(dir.file("bad.csv"), "a,b\n1,2\n3\n");
  write(dir.file("s.yaml"), "data: bad.csv\nscenarios: [ { steps: [ { get: / } ] } ]\n");
  Result<Scenario> scenario = load_scenario(dir.file("s.yaml"));
  ASSERT_FALSE(scenario.ok());
  EXPECT_EQ(scenario.error().location->file, dir.file("bad.csv"));
  EXPECT_EQ(scenario.error().location->line, 3);
  EXPECT_EQ(scenario.error().field, "data");
}

TEST(DataFileLoaderTest, BadOrderIsAnError) {
  test::TempDir dir;
  write(dir.file("u.csv"), "a\n1\n");
  write(dir.file("s.yaml"),
        "data: { file: u.csv, order: shuffled }\nscenarios: [ { steps: [ { get: / } ] } ]\n");
  Result<Scenario> scenario = load_scenario(dir.file("s.yaml"));
  ASSERT_FALSE(scenario.ok());
  EXPECT_EQ(scenario.error().field, "data.order");
  EXPECT_NE(scenario.error().message.find("sequential or random"), std::string::npos);
}

TEST(DataFileLoaderTest, UnknownColumnIsAnUnknownVariable) {
  test::TempDir dir;
  write(dir.file("u.csv"), "username\nann\n");
  write(dir.file("s.yaml"),
        "data: u.csv\nscenarios: [ { steps: [ { get: '/u/{{ usernme }}' } ] } ]\n");
  Result<Scenario> scenario = load_scenario(dir.file("s.yaml"));
  ASSERT_FALSE(scenario.ok());
  EXPECT_NE(scenario.error().message.find("did you mean 'username'?"), std::string::npos);
}

}  // namespace
}  // namespace perfgate::scenario
