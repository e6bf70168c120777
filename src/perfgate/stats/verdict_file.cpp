// SPDX-License-Identifier: MIT
#include "perfgate/stats/verdict_file.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "perfgate/stats/json_reader.h"
#include "perfgate/util/file.h"

namespace perfgate::stats {
namespace {

using json_io::optional_to_json;
using json_io::Reader;
using nlohmann::json;

json identity_to_json(const RunIdentity& identity) {
  return {{"scenario", identity.scenario},
          {"profile", identity.profile},
          {"git_sha", identity.git_sha},
          {"time", identity.time},
          {"runs", identity.runs}};
}

json check_to_json(const Check& check) {
  json interval = nullptr;
  if (check.interval) interval = {{"low", check.interval->low}, {"high", check.interval->high}};
  return {{"kind", check_kind_name(check.kind)},
          {"endpoint", check.endpoint},
          {"metric", check.metric},
          {"rule", check.rule},
          {"baseline", optional_to_json(check.baseline)},
          {"current", optional_to_json(check.current)},
          {"relative_change", optional_to_json(check.relative_change)},
          {"interval", interval},
          {"method", check.method},
          {"p_value", optional_to_json(check.p_value)},
          {"tolerance", optional_to_json(check.tolerance)},
          {"detectable_change", optional_to_json(check.detectable_change)},
          {"status", status_name(check.status)},
          {"explanation", check.explanation}};
}

RunIdentity identity_from_json(Reader& reader) {
  RunIdentity identity;
  identity.scenario = reader.string("scenario");
  identity.profile = reader.string("profile");
  identity.git_sha = reader.string("git_sha");
  identity.time = reader.string("time");
  identity.runs = static_cast<int>(reader.integer("runs"));
  return identity;
}

Check check_from_json(Reader& reader, const std::string& path) {
  Check check;
  std::string kind = reader.string("kind");
  if (auto parsed = check_kind_from_name(kind)) {
    check.kind = *parsed;
  } else if (reader.ok()) {
    reader.fail(path + ".kind", fmt::format("unknown kind '{}'", kind));
  }
  check.endpoint = reader.string("endpoint");
  check.metric = reader.string("metric");
  check.rule = reader.string("rule");
  check.baseline = reader.optional_number("baseline");
  check.current = reader.optional_number("current");
  check.relative_change = reader.optional_number("relative_change");
  const json& interval = reader.child("interval", json_io::Presence::optional);
  if (interval.is_object()) {
    Reader interval_reader(interval, reader.source(), path + ".interval");
    check.interval = Interval{interval_reader.number("low"), interval_reader.number("high")};
    if (!interval_reader.ok()) reader.fail(path + ".interval", interval_reader.error().message);
  }
  check.method = reader.string("method");
  check.p_value = reader.optional_number("p_value");
  check.tolerance = reader.optional_number("tolerance");
  check.detectable_change = reader.optional_number("detectable_change");  // since 0.2
  std::string status = reader.string("status");
  if (auto parsed = status_from_name(status)) {
    check.status = *parsed;
  } else if (reader.ok()) {
    reader.fail(path + ".status", fmt::format("unknown status '{}'", status));
  }
  check.explanation = reader.string("explanation");
  return check;
}

Result<Verdict> verdict_from_json(const json& root, const std::string& source) {
  Reader reader(root, source, "");
  std::string schema = reader.string("schema");
  if (!reader.ok()) return reader.error();
  if (schema != k_verdict_schema) {
    return Error::at(SourceLocation{source, 0, 0}, "schema",
                     fmt::format("unsupported schema '{}' (this perf-gate reads '{}')", schema,
                                 k_verdict_schema));
  }
  Verdict verdict;
  std::string status = reader.string("verdict");
  if (auto parsed = status_from_name(status))
    verdict.verdict = *parsed;
  else if (reader.ok())
    reader.fail("verdict", fmt::format("unknown verdict '{}'", status));
  Reader current(reader.child("current"), source, "current");
  verdict.current = identity_from_json(current);
  if (!current.ok()) return current.error();
  const json& baseline = reader.child("baseline", json_io::Presence::optional);
  if (baseline.is_object()) {
    Reader baseline_reader(baseline, source, "baseline");
    verdict.baseline = identity_from_json(baseline_reader);
    if (!baseline_reader.ok()) return baseline_reader.error();
  }
  const json& notes = reader.child("notes");
  for (const json& note : notes) {
    if (note.is_string()) verdict.notes.push_back(note.get<std::string>());
  }
  const json& checks = reader.child("checks");
  if (!reader.ok()) return reader.error();
  if (!checks.is_array())
    return Error::at(SourceLocation{source, 0, 0}, "checks", "expected an array");
  for (size_t i = 0; i < checks.size(); ++i) {
    std::string path = fmt::format("checks[{}]", i);
    Reader check_reader(checks[i], source, path);
    verdict.checks.push_back(check_from_json(check_reader, path));
    if (!check_reader.ok()) return check_reader.error();
  }
  if (!reader.ok()) return reader.error();
  Status stored = verdict.verdict;
  verdict.finalize();
  verdict.verdict = stored;  // keep what the file says; the summary is recomputed
  return verdict;
}

}  // namespace

std::optional<Status> status_from_name(std::string_view name) {
  for (Status status :
       {Status::pass, Status::no_data, Status::warn, Status::inconclusive, Status::fail}) {
    if (name == status_name(status)) return status;
  }
  return std::nullopt;
}

std::optional<CheckKind> check_kind_from_name(std::string_view name) {
  for (CheckKind kind : {CheckKind::threshold, CheckKind::regression, CheckKind::change_point}) {
    if (name == check_kind_name(kind)) return kind;
  }
  return std::nullopt;
}

std::string verdict_to_json(const Verdict& verdict) {
  json checks = json::array();
  for (const Check& check : verdict.checks) checks.push_back(check_to_json(check));
  json root = {
      {"schema", k_verdict_schema},
      {"verdict", status_name(verdict.verdict)},
      {"summary",
       {{"passed", verdict.summary.passed},
        {"warned", verdict.summary.warned},
        {"failed", verdict.summary.failed},
        {"no_data", verdict.summary.no_data},
        {"inconclusive", verdict.summary.inconclusive}}},
      {"current", identity_to_json(verdict.current)},
      {"baseline", verdict.baseline ? identity_to_json(*verdict.baseline) : json(nullptr)},
      {"notes", verdict.notes},
      {"checks", checks},
  };
  return root.dump(2) + "\n";
}

Result<Verdict> parse_verdict(std::string_view json_text, const std::string& source) {
  Result<json> root = json_io::parse_text(json_text, source);
  if (!root) return root.error();
  return verdict_from_json(*root, source);
}

Result<Verdict> read_verdict_file(const std::string& path) {
  Result<std::string> text = util::read_file(path);
  if (!text) return text.error();
  return parse_verdict(*text, path);
}

perfgate::Status write_verdict_file(const std::string& path, const Verdict& verdict) {
  return util::write_file_atomic(path, verdict_to_json(verdict));
}

}  // namespace perfgate::stats
