// SPDX-License-Identifier: MIT
#include "perfgate/util/yaml_limits.h"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>

#include <sstream>
#include <vector>

namespace perfgate::util {
namespace {

// Sees only where each document starts.
class DocumentStarts : public YAML::EventHandler {
 public:
  std::optional<YAML::Mark> start;
  void OnDocumentStart(const YAML::Mark& mark) override { start = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

}  // namespace

FirstDocument load_first_document(const std::string& text) {
  FirstDocument document;
  document.root = YAML::Load(text);
  std::istringstream input(text);
  YAML::Parser parser(input);
  DocumentStarts first;
  if (!parser.HandleNextDocument(first)) return document;
  DocumentStarts second;
  if (!parser.HandleNextDocument(second) || !second.start) return document;
  // The stuck parser repeats the document it cannot get past: a third at the second's place.
  DocumentStarts third;
  bool stuck = first.start && second.start->pos <= first.start->pos;
  if (!stuck && parser.HandleNextDocument(third) && third.start) {
    stuck = third.start->pos <= second.start->pos;
  }
  if (stuck) throw YAML::ParserException(*second.start, "unexpected text: not YAML");
  document.second = second.start;
  return document;
}

Status check_yaml_size(const YAML::Node& root, const std::string& source, std::size_t limit) {
  // An explicit stack: the depth of a hostile document must not become the depth of our stack.
  std::vector<YAML::Node> pending{root};
  std::size_t visited = 0;
  while (!pending.empty()) {
    YAML::Node node = pending.back();
    pending.pop_back();
    if (++visited > limit) {
      YAML::Mark mark = node.Mark();
      SourceLocation where{source, mark.is_null() ? 0 : mark.line + 1,
                           mark.is_null() ? 0 : mark.column + 1};
      return Error::at(where, "",
                       fmt::format("the document expands to more than {} YAML nodes (through "
                                   "anchors and aliases?); perf-gate reads no larger files",
                                   limit));
    }
    if (node.IsSequence()) {
      for (const YAML::Node& item : node) pending.push_back(item);
    } else if (node.IsMap()) {
      for (const auto& item : node) {
        pending.push_back(item.first);
        pending.push_back(item.second);
      }
    }
  }
  return ok_status();
}

}  // namespace perfgate::util
