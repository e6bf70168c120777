// SPDX-License-Identifier: MIT
// Small text helpers the rollback payload and the Slack message share.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "perfgate/stats/verdict.h"

namespace perfgate::webhook {

// `text` cut to at most `max_bytes` bytes on a UTF-8 character boundary, ending in "…" when cut.
std::string clip(std::string_view text, std::size_t max_bytes);

// The checks whose status is `least` or worse, the worst first (stable within a status).
std::vector<const stats::Check*> checks_at_least(const stats::Verdict& verdict,
                                                 stats::Status least);

// One line for humans: "FAIL · checkout / stress · 2 of 14 checks failed · …".
std::string verdict_headline(const stats::Verdict& verdict);

}  // namespace perfgate::webhook
