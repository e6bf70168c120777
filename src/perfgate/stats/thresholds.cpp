// SPDX-License-Identifier: MIT
// yaml-cpp reads both YAML and JSON; its exceptions and marks stay in this file.
#include "perfgate/stats/thresholds.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <set>
#include <tuple>

#include "perfgate/stats/threshold_expression.h"
#include "perfgate/util/duration.h"
#include "perfgate/util/file.h"
#include "perfgate/util/yaml_limits.h"

namespace perfgate::stats {
namespace {

class Parser {
 public:
  explicit Parser(std::string source) : m_source(std::move(source)) {}

  Result<ThresholdSet> parse_document(const YAML::Node& root) {
    ThresholdSet set;
    set.source = m_source;
    // An empty file gates on nothing: almost always a wrong path or a truncated file.
    if (!root || root.IsNull()) return error(root, "", "the thresholds file is empty");
    if (!root.IsMap()) return error(root, "", "the top level must be a mapping");
    if (perfgate::Status unique = check_unique_keys(root, ""); !unique) return unique.error();
    for (const auto& item : root) {
      std::string key = item.first.as<std::string>();
      const YAML::Node& value = item.second;
      perfgate::Status status = ok_status();
      if (key == "tolerances") {
        Result<Tolerances> tolerances = parse_tolerances(value);
        if (!tolerances) return tolerances.error();
        set.tolerances = std::move(*tolerances);
      } else if (key == "profiles" && value.IsMap()) {
        for (const auto& profile : value) {
          std::string name = profile.first.as<std::string>();
          status = parse_section(profile.second, "profiles." + name, set.profiles[name]);
          if (!status) return status.error();
        }
      } else if (value.IsMap()) {
        if (find_metric(key) != nullptr || key.find('{') != std::string::npos) {
          return error(value, key, "expected a list of rules, e.g. [\"p(95)<500\"]");
        }
        bool common = key == "default" || key == "thresholds";
        status = parse_section(value, key, common ? set.common : set.profiles[key]);
      } else {
        status = parse_entry(item.first, value, "", set.common);
      }
      if (!status) return status.error();
    }
    return set;
  }

 private:
  // yaml-cpp keeps the last of two equal keys silently; a duplicated rule list is a mistake.
  perfgate::Status check_unique_keys(const YAML::Node& node, const std::string& path) {
    if (node.IsSequence()) {
      for (size_t i = 0; i < node.size(); ++i) {
        perfgate::Status status = check_unique_keys(node[i], fmt::format("{}[{}]", path, i));
        if (!status) return status;
      }
    }
    if (!node.IsMap()) return ok_status();
    std::set<std::string> seen;
    for (const auto& item : node) {
      std::string key = item.first.IsScalar() ? item.first.Scalar() : "";
      std::string field = path.empty() ? key : path + "." + key;
      if (!seen.insert(key).second) return error(item.first, field, "duplicate key");
      perfgate::Status status = check_unique_keys(item.second, field);
      if (!status) return status;
    }
    return ok_status();
  }

  Error error(const YAML::Node& node, const std::string& field, const std::string& message) {
    YAML::Mark mark = node.Mark();
    SourceLocation where{m_source, mark.line + 1, mark.column + 1};
    if (mark.is_null()) where = SourceLocation{m_source, 0, 0};
    return Error::at(where, field, message);
  }

  SourceLocation location(const YAML::Node& node) const {
    YAML::Mark mark = node.Mark();
    if (mark.is_null()) return {m_source, 0, 0};
    return {m_source, mark.line + 1, mark.column + 1};
  }

  perfgate::Status parse_section(const YAML::Node& section, const std::string& path,
                                 std::vector<ThresholdEntry>& entries) {
    for (const auto& item : section) {
      perfgate::Status status = parse_entry(item.first, item.second, path + ".", entries);
      if (!status) return status;
    }
    return ok_status();
  }

  perfgate::Status parse_entry(const YAML::Node& key_node, const YAML::Node& value,
                               const std::string& prefix, std::vector<ThresholdEntry>& entries) {
    std::string key = key_node.as<std::string>();
    std::string field = prefix + key;
    ParsedSelector selector = parse_selector(key);
    if (!selector.selector) return error(key_node, field, selector.error);
    ThresholdEntry entry;
    entry.selector = *selector.selector;
    const MetricInfo& info = *find_metric(entry.selector.metric);
    if (value.IsScalar()) {
      Result<ThresholdRule> rule = parse_rule(value, field, info);
      if (!rule) return rule.error();
      entry.rules.push_back(std::move(*rule));
    } else if (value.IsSequence()) {
      for (size_t i = 0; i < value.size(); ++i) {
        Result<ThresholdRule> rule = parse_rule(value[i], fmt::format("{}[{}]", field, i), info);
        if (!rule) return rule.error();
        entry.rules.push_back(std::move(*rule));
      }
    } else {
      return error(value, field, "expected a list of rules, e.g. [\"p(95)<500\"]");
    }
    entries.push_back(std::move(entry));
    return ok_status();
  }

  Result<ThresholdRule> parse_rule(const YAML::Node& node, const std::string& field,
                                   const MetricInfo& info) {
    YAML::Node expression = node;
    ThresholdRule options;
    if (node.IsMap()) {
      perfgate::Status status = parse_rule_object(node, field, expression, options);
      if (!status) return status.error();
    } else if (!node.IsScalar()) {
      return error(node, field, "a rule is a string (\"p(95)<500\") or an object {threshold: …}");
    }
    ParsedExpression parsed = parse_expression(expression.as<std::string>());
    if (!parsed.rule) return error(expression, field, parsed.error);
    ThresholdRule rule = std::move(*parsed.rule);
    if (std::optional<std::string> message = aggregation_error(info, rule)) {
      return error(expression, field, *message);
    }
    rule.abort_on_fail = options.abort_on_fail;
    rule.delay_abort_eval = options.delay_abort_eval;
    rule.where = location(expression);
    return rule;
  }

  // k6's long form: {threshold: "p(95)<500", abortOnFail: true, delayAbortEval: "10s"}.
  perfgate::Status parse_rule_object(const YAML::Node& node, const std::string& field,
                                     YAML::Node& expression, ThresholdRule& options) {
    for (const auto& item : node) {
      std::string key = item.first.as<std::string>();
      const YAML::Node& value = item.second;
      if (key == "threshold") {
        if (!value.IsScalar()) return error(value, field + ".threshold", "expected a string");
        // reset(), not operator=: assigning one YAML::Node to another rewrites the node the left
        // side refers to (here the mapping being iterated), which frees it under the iterator.
        expression.reset(value);
      } else if (key == "abortOnFail" || key == "abort_on_fail") {
        bool flag = false;
        if (!value.IsScalar() || !YAML::convert<bool>::decode(value, flag)) {
          return error(value, field + "." + key, "expected true or false");
        }
        options.abort_on_fail = flag;
      } else if ((key == "delayAbortEval" || key == "delay_abort_eval") && value.IsNull()) {
        options.delay_abort_eval = std::chrono::microseconds(0);  // k6: null is no delay
      } else if (key == "delayAbortEval" || key == "delay_abort_eval") {
        std::optional<std::chrono::microseconds> delay =
            value.IsScalar() ? util::parse_duration(value.as<std::string>()) : std::nullopt;
        if (!delay) return error(value, field + "." + key, "expected a duration such as \"10s\"");
        options.delay_abort_eval = *delay;
      } else {
        return error(item.first, field + "." + key,
                     "unknown key (threshold, abortOnFail, delayAbortEval)");
      }
    }
    if (expression.IsMap()) return error(node, field, "the rule object has no 'threshold'");
    return ok_status();
  }

  Result<Tolerances> parse_tolerances(const YAML::Node& node) {
    Tolerances tolerances;
    if (!node.IsMap()) return error(node, "tolerances", "expected a mapping");
    for (const auto& item : node) {
      std::string key = item.first.as<std::string>();
      std::string field = "tolerances." + key;
      if (key == "endpoints") {
        perfgate::Status status = parse_endpoint_tolerances(item.second, tolerances);
        if (!status) return status.error();
        continue;
      }
      Result<double> value = tolerance_value(item.second, field);
      if (!value) return value.error();
      if (key == "default") {
        tolerances.default_tolerance = *value;
      } else if (is_compared_metric(key)) {
        tolerances.by_metric[tolerance_key(key)] = *value;
      } else {
        return error(item.first, field,
                     "unknown key (default, p50, p95, p99, error_rate, rps, endpoints)");
      }
    }
    return tolerances;
  }

  perfgate::Status parse_endpoint_tolerances(const YAML::Node& node, Tolerances& tolerances) {
    if (!node.IsMap()) return error(node, "tolerances.endpoints", "expected a mapping");
    for (const auto& item : node) {
      std::string endpoint = item.first.as<std::string>();
      std::string field = "tolerances.endpoints." + endpoint;
      if (!item.second.IsMap()) {
        Result<double> value = tolerance_value(item.second, field);
        if (!value) return value.error();
        tolerances.by_endpoint[endpoint] = *value;
        continue;
      }
      for (const auto& metric : item.second) {
        std::string name = metric.first.as<std::string>();
        if (!is_compared_metric(name)) {
          return error(metric.first, field + "." + name,
                       "unknown metric (p50, p95, p99, error_rate, rps)");
        }
        Result<double> value = tolerance_value(metric.second, field + "." + name);
        if (!value) return value.error();
        tolerances.by_endpoint_metric[{endpoint, tolerance_key(name)}] = *value;
      }
    }
    return ok_status();
  }

  Result<double> tolerance_value(const YAML::Node& node, const std::string& field) {
    if (!node.IsScalar())
      return error(node, field, "expected a fraction (0.1) or percentage (10%)");
    Result<double> value = parse_tolerance_value(node.as<std::string>());
    if (!value) return error(node, field, value.error().message);
    return value;
  }

  std::string m_source;
};

using RuleKey = std::tuple<std::string, std::string, Aggregation, double>;

RuleKey rule_key(const MetricSelector& selector, const ThresholdRule& rule) {
  return {selector.metric, selector.endpoint, rule.aggregation, rule.percentile};
}

}  // namespace

std::vector<ThresholdEntry> ThresholdSet::for_profile(const std::string& profile) const {
  auto section = profiles.find(profile);
  if (section == profiles.end()) return common;
  std::set<RuleKey> overridden;
  for (const ThresholdEntry& entry : section->second) {
    for (const ThresholdRule& rule : entry.rules) overridden.insert(rule_key(entry.selector, rule));
  }
  std::vector<ThresholdEntry> merged;
  for (const ThresholdEntry& entry : common) {
    ThresholdEntry kept{entry.selector, {}};
    for (const ThresholdRule& rule : entry.rules) {
      if (!overridden.contains(rule_key(entry.selector, rule))) kept.rules.push_back(rule);
    }
    if (!kept.rules.empty()) merged.push_back(std::move(kept));
  }
  merged.insert(merged.end(), section->second.begin(), section->second.end());
  return merged;
}

bool is_known_metric(const std::string& metric) {
  return find_metric(metric) != nullptr;
}

Result<ThresholdSet> parse_thresholds(const std::string& text, const std::string& source_name) {
  try {
    util::FirstDocument document = util::load_first_document(text);
    if (document.second) {
      YAML::Mark mark = *document.second;
      SourceLocation where{source_name, mark.is_null() ? 0 : mark.line + 1,
                           mark.is_null() ? 0 : mark.column + 1};
      return Error::at(where, "", "a thresholds file holds one YAML document, not several");
    }
    YAML::Node root = document.root;
    if (perfgate::Status size = util::check_yaml_size(root, source_name); !size) {
      return size.error();
    }
    return Parser(source_name).parse_document(root);
  } catch (const YAML::Exception& e) {
    SourceLocation where{source_name, e.mark.is_null() ? 0 : e.mark.line + 1,
                         e.mark.is_null() ? 0 : e.mark.column + 1};
    return Error::at(where, "", e.msg);
  }
}

Result<ThresholdSet> load_thresholds(const std::string& path) {
  Result<std::string> text = util::read_file(path);
  if (!text) {
    Error error = text.error();
    error.kind = ErrorKind::bad_input;  // a thresholds file named on the command line
    return error;
  }
  return parse_thresholds(*text, path);
}

}  // namespace perfgate::stats
