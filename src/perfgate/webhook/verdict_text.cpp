// SPDX-License-Identifier: MIT
#include "perfgate/webhook/verdict_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace perfgate::webhook {

std::string clip(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  constexpr std::string_view k_ellipsis = "…";
  if (max_bytes < k_ellipsis.size()) return {};
  std::size_t cut = max_bytes - k_ellipsis.size();
  // Back up over UTF-8 continuation bytes (10xxxxxx) so no character is split.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + std::string(k_ellipsis);
}

std::vector<const stats::Check*> checks_at_least(const stats::Verdict& verdict,
                                                 stats::Status least) {
  std::vector<const stats::Check*> out;
  for (const stats::Check& check : verdict.checks) {
    if (check.status >= least) out.push_back(&check);
  }
  std::stable_sort(out.begin(), out.end(), [](const stats::Check* a, const stats::Check* b) {
    return a->status > b->status;
  });
  return out;
}

// A local one-liner until report/headline.h (report::one_line_summary) lands; then this defers
// to it so that every output names a verdict the same way.
std::string verdict_headline(const stats::Verdict& verdict) {
  std::string status = stats::status_name(verdict.verdict);
  std::transform(status.begin(), status.end(), status.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  std::string line = status;
  if (!verdict.current.scenario.empty()) {
    line += fmt::format(" · {} / {}", verdict.current.scenario, verdict.current.profile);
  }
  int total = static_cast<int>(verdict.checks.size());
  line += fmt::format(" · {} of {} checks failed", verdict.summary.failed, total);
  auto worst = checks_at_least(verdict, stats::Status::warn);
  if (!worst.empty() && !worst.front()->explanation.empty()) {
    line += " · " + worst.front()->explanation;
  }
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return clip(line, 250);
}

}  // namespace perfgate::webhook
