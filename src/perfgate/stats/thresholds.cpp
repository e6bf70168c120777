// SPDX-License-Identifier: MIT
// yaml-cpp reads both YAML and JSON; its exceptions and marks stay in this file and the reader.
#include "perfgate/stats/thresholds.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <set>
#include <tuple>

#include "perfgate/stats/threshold_expression.h"
#include "perfgate/util/duration.h"
#include "perfgate/util/file.h"
#include "perfgate/util/yaml_limits.h"
#include "perfgate/util/yaml_reader.h"

namespace perfgate::stats {
namespace {

// Reads through util::YamlReader, as the scenario loader does: the same positions, duplicate-key
// and did-you-mean handling, and messages. The first error found is the one reported.
class Parser {
 public:
  explicit Parser(std::string source) : m_source(std::move(source)), m_reader(m_source, "") {}

  Result<ThresholdSet> parse_document(const YAML::Node& root) {
    ThresholdSet set;
    set.source = m_source;
    // An empty file gates on nothing: almost always a wrong path or a truncated file.
    if (!root || root.IsNull()) return error(root, "", "the thresholds file is empty");
    std::optional<std::vector<util::Entry>> entries = m_reader.any_map(root, "");
    // A key that is not a plain string is reported and left out of the entries.
    if (!entries || m_reader.error_count() > 0) return first_error();
    for (const util::Entry& entry : *entries) {
      if (entry.key == "tolerances") {
        set.tolerances = parse_tolerances(entry);
      } else if (entry.key == "profiles" && entry.value.IsMap()) {
        if (auto profiles = m_reader.any_map(entry.value, entry.field)) {
          for (const util::Entry& profile : *profiles)
            parse_section(profile.value, profile.field, set.profiles[profile.key]);
        }
      } else if (entry.value.IsMap()) {
        if (find_metric(entry.key) != nullptr || entry.key.find('{') != std::string::npos) {
          error(entry.value, entry.field, "expected a list of rules, e.g. [\"p(95)<500\"]");
        } else {
          bool common = entry.key == "default" || entry.key == "thresholds";
          parse_section(entry.value, entry.field, common ? set.common : set.profiles[entry.key]);
        }
      } else {
        parse_entry(entry, set.common);
      }
      if (m_reader.error_count() > 0) return first_error();
    }
    if (m_reader.error_count() > 0) return first_error();
    return set;
  }

 private:
  // Records the error and returns it (for early returns).
  Error error(const YAML::Node& node, const std::string& field, const std::string& message) {
    m_reader.error(node, field, message);
    return first_error();
  }
  Error first_error() const { return m_reader.errors().front(); }

  SourceLocation location(const YAML::Node& node) const {
    YAML::Mark mark = node.Mark();
    if (mark.is_null()) return {m_source, 0, 0};
    return {m_source, mark.line + 1, mark.column + 1};
  }

  void parse_section(const YAML::Node& section, const std::string& path,
                     std::vector<ThresholdEntry>& entries) {
    std::optional<std::vector<util::Entry>> items = m_reader.any_map(section, path);
    if (!items) return;
    for (const util::Entry& item : *items) {
      parse_entry(item, entries);
      if (m_reader.error_count() > 0) return;
    }
  }

  void parse_entry(const util::Entry& item, std::vector<ThresholdEntry>& entries) {
    ParsedSelector selector = parse_selector(item.key);
    if (!selector.selector) {
      error(item.key_node, item.field, selector.error);
      return;
    }
    ThresholdEntry entry;
    entry.selector = *selector.selector;
    const MetricInfo& info = *find_metric(entry.selector.metric);
    if (item.value.IsScalar()) {
      if (auto rule = parse_rule(item.value, item.field, info)) entry.rules.push_back(*rule);
    } else if (item.value.IsSequence()) {
      for (size_t i = 0; i < item.value.size() && m_reader.error_count() == 0; ++i) {
        auto rule = parse_rule(item.value[i], util::index_path(item.field, i), info);
        if (rule) entry.rules.push_back(std::move(*rule));
      }
    } else {
      error(item.value, item.field, "expected a list of rules, e.g. [\"p(95)<500\"]");
    }
    if (m_reader.error_count() == 0) entries.push_back(std::move(entry));
  }

  std::optional<ThresholdRule> parse_rule(const YAML::Node& node, const std::string& field,
                                          const MetricInfo& info) {
    YAML::Node expression = node;
    ThresholdRule options;
    if (node.IsMap()) {
      if (!parse_rule_object(node, field, expression, options)) return std::nullopt;
    } else if (!node.IsScalar()) {
      error(node, field, "a rule is a string (\"p(95)<500\") or an object {threshold: …}");
      return std::nullopt;
    }
    ParsedExpression parsed = parse_expression(expression.Scalar());
    if (!parsed.rule) {
      error(expression, field, parsed.error);
      return std::nullopt;
    }
    ThresholdRule rule = std::move(*parsed.rule);
    if (std::optional<std::string> message = aggregation_error(info, rule)) {
      error(expression, field, *message);
      return std::nullopt;
    }
    rule.abort_on_fail = options.abort_on_fail;
    rule.delay_abort_eval = options.delay_abort_eval;
    rule.where = location(expression);
    return rule;
  }

  // k6's long form: {threshold: "p(95)<500", abortOnFail: true, delayAbortEval: "10s"}.
  bool parse_rule_object(const YAML::Node& node, const std::string& field, YAML::Node& expression,
                         ThresholdRule& options) {
    std::optional<std::vector<util::Entry>> items = m_reader.map(
        node, field,
        {"threshold", "abortOnFail", "abort_on_fail", "delayAbortEval", "delay_abort_eval"});
    if (!items || m_reader.error_count() > 0) return false;
    // k6 spells the options in camelCase; the snake_case spellings are the same keys.
    for (auto [camel, snake] : {std::pair{"abortOnFail", "abort_on_fail"},
                                std::pair{"delayAbortEval", "delay_abort_eval"}}) {
      if (util::find_entry(*items, camel) != nullptr &&
          util::find_entry(*items, snake) != nullptr) {
        const util::Entry& second = *util::find_entry(*items, snake);
        error(second.key_node, second.field,
              fmt::format("duplicate key: '{}' is '{}'", snake, camel));
        return false;
      }
    }
    bool has_threshold = false;
    for (const util::Entry& item : *items) {
      if (item.key == "threshold") {
        if (!m_reader.string(item.value, item.field)) return false;
        // reset(), not operator=: assigning one YAML::Node to another rewrites the node the left
        // side refers to (here the mapping being read), which frees it under the reader.
        expression.reset(item.value);
        has_threshold = true;
      } else if (item.key == "abortOnFail" || item.key == "abort_on_fail") {
        bool flag = false;
        if (!item.value.IsScalar() || !YAML::convert<bool>::decode(item.value, flag)) {
          error(item.value, item.field, "expected true or false");
          return false;
        }
        options.abort_on_fail = flag;
      } else if (item.value.IsNull()) {
        options.delay_abort_eval = std::chrono::microseconds(0);  // k6: null is no delay
      } else {
        std::optional<std::chrono::microseconds> delay = m_reader.duration(item.value, item.field);
        if (!delay) return false;
        options.delay_abort_eval = *delay;
      }
    }
    if (!has_threshold) {
      error(node, field, "the rule object has no 'threshold'");
      return false;
    }
    return true;
  }

  Tolerances parse_tolerances(const util::Entry& entry) {
    Tolerances tolerances;
    std::optional<std::vector<util::Entry>> items =
        m_reader.map(entry.value, entry.field,
                     {"default", "p50", "p95", "p99", "error_rate", "rps", "endpoints", "p50_ms",
                      "p95_ms", "p99_ms"});
    if (!items) return tolerances;
    for (const util::Entry& item : *items) {
      if (item.key == "endpoints") {
        parse_endpoint_tolerances(item, tolerances);
      } else if (std::optional<double> value = tolerance_value(item.value, item.field)) {
        if (item.key == "default")
          tolerances.default_tolerance = *value;
        else
          tolerances.by_metric[tolerance_key(item.key)] = *value;
      }
      if (m_reader.error_count() > 0) break;
    }
    return tolerances;
  }

  void parse_endpoint_tolerances(const util::Entry& entry, Tolerances& tolerances) {
    std::optional<std::vector<util::Entry>> endpoints = m_reader.any_map(entry.value, entry.field);
    if (!endpoints) return;
    for (const util::Entry& endpoint : *endpoints) {
      if (!endpoint.value.IsMap()) {
        if (auto value = tolerance_value(endpoint.value, endpoint.field))
          tolerances.by_endpoint[endpoint.key] = *value;
        continue;
      }
      std::optional<std::vector<util::Entry>> metrics =
          m_reader.map(endpoint.value, endpoint.field,
                       {"p50", "p95", "p99", "error_rate", "rps", "p50_ms", "p95_ms", "p99_ms"});
      if (!metrics) return;
      for (const util::Entry& metric : *metrics) {
        if (auto value = tolerance_value(metric.value, metric.field))
          tolerances.by_endpoint_metric[{endpoint.key, tolerance_key(metric.key)}] = *value;
      }
    }
  }

  std::optional<double> tolerance_value(const YAML::Node& node, const std::string& field) {
    if (!node.IsScalar()) {
      error(node, field, "expected a fraction (0.1) or percentage (10%)");
      return std::nullopt;
    }
    Result<double> value = parse_tolerance_value(node.Scalar());
    if (!value) {
      error(node, field, value.error().message);
      return std::nullopt;
    }
    return *value;
  }

  std::string m_source;
  util::YamlReader m_reader;
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
