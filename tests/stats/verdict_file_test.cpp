// SPDX-License-Identifier: MIT
#include "perfgate/stats/verdict_file.h"

#include <gtest/gtest.h>

namespace perfgate::stats {
namespace {

Verdict sample_verdict() {
  Verdict verdict;
  verdict.current = {"shop", "baseline", "abc", "2026-11-22T05:00:00.000Z", 1};
  verdict.baseline = RunIdentity{"shop", "baseline", "def", "2026-11-21T05:00:00.000Z", 12};
  Check threshold;
  threshold.metric = "http_req_duration";
  threshold.rule = "p(95)<500";
  threshold.baseline = 500;
  threshold.current = 612.5;
  threshold.method = "threshold";
  threshold.status = Status::fail;
  threshold.explanation = "p(95) of http_req_duration = 612.5 ms, breaks < 500 ms";
  Check regression;
  regression.kind = CheckKind::regression;
  regression.endpoint = "login";
  regression.metric = "p95_ms";
  regression.baseline = 412;
  regression.current = 569;
  regression.relative_change = 0.38;
  regression.interval = Interval{350, 470};
  regression.method = "prediction-interval(log, n=12)";
  regression.p_value = 0.002;
  regression.tolerance = 0.1;
  regression.status = Status::warn;
  regression.explanation = "p95 of login +38%";
  verdict.checks = {threshold, regression};
  verdict.notes = {"a note"};
  verdict.finalize();
  return verdict;
}

TEST(VerdictTest, VerdictIsTheWorstCheck) {
  Verdict verdict = sample_verdict();
  EXPECT_EQ(verdict.verdict, Status::fail);
  EXPECT_EQ(verdict.summary.failed, 1);
  EXPECT_EQ(verdict.summary.warned, 1);
  verdict.checks[0].status = Status::no_data;
  verdict.finalize();
  EXPECT_EQ(verdict.verdict, Status::warn);
}

TEST(VerdictTest, NoChecksIsNoData) {
  Verdict verdict;
  verdict.finalize();
  EXPECT_EQ(verdict.verdict, Status::no_data);
}

TEST(VerdictFileTest, RoundTripsEveryField) {
  Verdict verdict = sample_verdict();
  std::string text = verdict_to_json(verdict);
  Result<Verdict> parsed = parse_verdict(text, "verdict.json");
  ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
  EXPECT_EQ(verdict_to_json(*parsed), text);
  EXPECT_EQ(parsed->checks[1].interval->high, 470);
  EXPECT_EQ(parsed->baseline->runs, 12);
  EXPECT_FALSE(parsed->checks[0].p_value.has_value());
}

TEST(VerdictFileTest, RejectsAnotherSchema) {
  Result<Verdict> parsed =
      parse_verdict(R"({"schema": "perf-gate/verdict/v9", "checks": []})", "v.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().field, "schema");
  EXPECT_NE(parsed.error().message.find("perf-gate/verdict/v9"), std::string::npos);
}

TEST(VerdictFileTest, SyntaxErrorNamesLineAndColumn) {
  Result<Verdict> parsed =
      parse_verdict("{\n  \"schema\": \"perf-gate/verdict/v1\",\n  oops\n}", "v.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().location->line, 3);
  EXPECT_EQ(parsed.error().location->file, "v.json");
}

TEST(VerdictFileTest, WrongFieldTypeNamesThePath) {
  std::string text = verdict_to_json(sample_verdict());
  size_t at = text.find("\"p_value\": 0.002");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 16, "\"p_value\": \"low\"");
  Result<Verdict> parsed = parse_verdict(text, "v.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().field, "checks[1].p_value");
}

}  // namespace
}  // namespace perfgate::stats
