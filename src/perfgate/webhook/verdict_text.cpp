// SPDX-License-Identifier: MIT
#include "perfgate/webhook/verdict_text.h"

#include <algorithm>

#include "perfgate/report/headline.h"

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

// The report's headline, so that the PR comment, Slack and the webhook name a verdict alike.
std::string verdict_headline(const stats::Verdict& verdict) {
  return report::one_line_summary(verdict);
}

}  // namespace perfgate::webhook
