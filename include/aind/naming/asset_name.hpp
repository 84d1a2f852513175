// include/aind/naming/asset_name.hpp
//
// Data-asset names: a session ID followed by derivation steps
// (`ecephys_676909_2023-12-13_13-43-40_sorted_2024-03-01_16-02-45`, chains such as
// `..._sorted_<dt>_curated_<dt>`), classified as raw, derived or other
// (docs/naming.md §3).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "aind/naming/session_id.hpp"

namespace aind::naming {

enum class AssetKind { raw, derived, other };
const char* to_string(AssetKind kind) noexcept;

struct DerivationStep {
    std::string label;  // "sorted", "dlc_face", "" for an unlabelled v1 step
    Datetime created;   // checked for shape only, as the schema's DERIVED pattern does
};

struct AssetName {
    SessionId session;
    AssetKind kind = AssetKind::other;
    std::vector<DerivationStep> steps;  // in order of application
    std::string tail;                   // text after the last step (".zarr", "_rewarded"...)
};

/// Classifies `name` (a name or a path; only the path segment holding the ID counts).
/// Throws aind::Error(invalid_input) when the text holds no valid session ID.
AssetName parse_asset_name(std::string_view name, int current_year);
AssetName parse_asset_name(std::string_view name);

}  // namespace aind::naming
