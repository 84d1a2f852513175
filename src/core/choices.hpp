// src/core/choices.hpp  (private to src/core)
//
// What the core tells the call's trace (net::note_choice) when it picks one answer among
// candidates: which one, by which rule, and every candidate considered, so that
// `show --explain` and aind_session.explain() can say why. Free when nobody records.
#pragma once

#include <string>
#include <vector>

#include "aind/codeocean/models.hpp"

namespace aind::core::detail {

/// `chosen` (may be null: none was) among `candidates`, picked by `why`.
void note_asset_choice(std::string item, const std::vector<codeocean::DataAsset>& candidates,
                       const codeocean::DataAsset* chosen, std::string why);

/// A choice whose candidates are plain lines (routes tried, records found).
void note_choice(std::string item, std::string chosen, std::string why, std::vector<std::string> considered);

}  // namespace aind::core::detail
