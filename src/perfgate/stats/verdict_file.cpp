// SPDX-License-Identifier: MIT
#include "perfgate/stats/verdict_file.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "perfgate/util/file.h"
#include "perfgate/util/json_io.h"

namespace perfgate::stats {
namespace {

using json_io::Field;
using json_io::optional_to_json;
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

RunIdentity identity_from_json(const Field& f) {
  RunIdentity identity;
  identity.scenario = f["scenario"].as_string();
  identity.profile = f["profile"].as_string();
  identity.git_sha = f["git_sha"].as_string();
  identity.time = f["time"].as_string();
  identity.runs = static_cast<int>(f["runs"].as_int());
  return identity;
}

Status status_from_json(const Field& f) {
  std::string name = f.as_string();
  std::optional<Status> status = status_from_name(name);
  if (!status) f.fail(fmt::format("unknown status '{}'", name));
  return *status;
}

std::optional<double> optional_number(const Field& f, std::string_view key) {
  std::optional<Field> value = f.find(key);
  return value ? std::optional<double>(value->as_number()) : std::nullopt;
}

Check check_from_json(const Field& f) {
  Check check;
  std::string kind = f["kind"].as_string();
  std::optional<CheckKind> parsed_kind = check_kind_from_name(kind);
  if (!parsed_kind) f["kind"].fail(fmt::format("unknown kind '{}'", kind));
  check.kind = *parsed_kind;
  check.endpoint = f["endpoint"].as_string();
  check.metric = f["metric"].as_string();
  check.rule = f["rule"].as_string();
  check.baseline = optional_number(f, "baseline");
  check.current = optional_number(f, "current");
  check.relative_change = optional_number(f, "relative_change");
  if (std::optional<Field> interval = f.find("interval"))
    check.interval = Interval{(*interval)["low"].as_number(), (*interval)["high"].as_number()};
  check.method = f["method"].as_string();
  check.p_value = optional_number(f, "p_value");
  check.tolerance = optional_number(f, "tolerance");
  check.detectable_change = optional_number(f, "detectable_change");  // since 0.2
  check.status = status_from_json(f["status"]);
  check.explanation = f["explanation"].as_string();
  return check;
}

Verdict verdict_from_json(const Field& root) {
  std::string schema = root["schema"].as_string();
  if (schema != k_verdict_schema) {
    root["schema"].fail(fmt::format("unsupported schema '{}' (this perf-gate reads '{}')", schema,
                                    k_verdict_schema));
  }
  Verdict verdict;
  verdict.verdict = status_from_json(root["verdict"]);
  verdict.current = identity_from_json(root["current"]);
  if (std::optional<Field> baseline = root.find("baseline"))
    verdict.baseline = identity_from_json(*baseline);
  for (const json& note : root["notes"].json()) {
    if (note.is_string()) verdict.notes.push_back(note.get<std::string>());
  }
  Field checks = root["checks"];
  checks.expect_array();
  for (size_t i = 0; i < checks.size(); ++i)
    verdict.checks.push_back(check_from_json(checks.at(i)));
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

nlohmann::json verdict_to_json_value(const Verdict& verdict) {
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
  return root;
}

std::string verdict_to_json(const Verdict& verdict) {
  return verdict_to_json_value(verdict).dump(2) + "\n";
}

Result<Verdict> parse_verdict(std::string_view json_text, const std::string& source) {
  Result<json> root = json_io::parse_text(json_text, source);
  if (!root) return root.error();
  try {
    return verdict_from_json(Field(*root, ""));
  } catch (const json_io::FieldError& e) {
    return json_io::field_error(source, e);
  }
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
