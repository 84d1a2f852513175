// include/aind/codeocean/assets.hpp
//
// AIND's rules on top of the Code Ocean client: finding a session's assets by name prefix
// (working around the search's 20-character limit on `name:` terms) and telling raw assets
// from derived ones (shared/spec/anchor-aind-session.md §1.1, §2.3).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "aind/codeocean/client.hpp"

namespace aind::codeocean {

/// The real search returns nothing for `name:` terms over 20 characters.
inline constexpr size_t kMaxNameQueryLength = 20;

/// Every asset whose name starts with `prefix` (case-sensitive), sorted by `created`
/// ascending. Queries `name:<first 20 characters>` (all pages) and filters on our side,
/// since the server's answer is a superset. The original's `get_data_assets`.
std::vector<DataAsset> data_assets_with_name_prefix(const Client& client, std::string_view prefix);

/// custom_metadata "data level" == "raw data", else any tag containing "raw", else the name
/// is exactly a normalised session ID.
bool is_raw_data_asset(const DataAsset& asset);

/// The raw assets of a session (whose names carry exactly this session's ID), sorted by
/// `created` ascending: the last one is the one to use. `session_id` is parsed and
/// normalised first (invalid_input if it is not a session ID).
std::vector<DataAsset> raw_data_assets_of(const Client& client, std::string_view session_id);
/// raw_data_assets_of() on assets already fetched (e.g. a session's name search).
std::vector<DataAsset> raw_data_assets_among(std::vector<DataAsset> assets, std::string_view session_id);

/// The latest raw asset of a session, if any.
std::optional<DataAsset> latest_raw_data_asset(const Client& client, std::string_view session_id);

}  // namespace aind::codeocean
