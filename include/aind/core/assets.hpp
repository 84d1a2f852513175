// include/aind/core/assets.hpp
//
// AIND's rules about Code Ocean data assets: which one is raw, how a session's assets are
// found by name (around the search's 20-character limit), which one is the latest, and how
// assets linked from DocDB are fetched when some links are stale.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "aind/codeocean/models.hpp"
#include "aind/core/services.hpp"

namespace aind::core {

/// Code Ocean's search returns nothing for `name:` terms over 20 characters: longer prefixes
/// are searched by their first 20 characters and checked on our side.
inline constexpr size_t kMaxNameQueryLength = 20;

/// The free-text `query` of a data-asset search for these fields, `field:value` tokens in this
/// order (`name:`, `subject id:`, one `tag:` per tag, `description:`), empty fields left out.
/// A name over kMaxNameQueryLength characters is cut to it, with a warning: the search would
/// answer nothing.
struct SearchQueryFields {
    std::string name, subject_id, description;
    std::vector<std::string> tags;
};
std::string data_asset_search_query(const SearchQueryFields& fields);

/// The original's rule: custom_metadata "data level" == "raw data", else any tag containing
/// "raw", else the name is exactly a normalised session ID. A derived "data level" does not
/// make an asset derived by itself.
bool is_raw_data_asset(const codeocean::DataAsset& asset);

/// "raw" by is_raw_data_asset(), else "derived" or "other" by the shape of the name
/// (naming::parse_asset_name; "other" when the name holds no session ID).
std::string asset_kind(const codeocean::DataAsset& asset);

/// The most recently created of `assets` (the first of equals). Precondition: not empty.
const codeocean::DataAsset& latest(const std::vector<codeocean::DataAsset>& assets);

/// latest() over anything that has an asset (`asset_of(item)`): the iterator of the greatest
/// `created`, the first of equals; `last` when the range is empty.
template <class It, class AssetOf>
It latest_by_created(It first, It last, AssetOf asset_of) {
    return std::max_element(first, last,
                            [&](const auto& a, const auto& b) { return asset_of(a).created < asset_of(b).created; });
}

/// Sorts by `created`, oldest first, keeping the order of equals.
void sort_by_created(std::vector<codeocean::DataAsset>& assets);

/// Every asset whose name starts with `prefix` (case-sensitive), oldest first: a search for
/// `name:<first 20 characters>` (all pages), filtered on our side since the server's answer
/// is a superset. `extra_search_json` (SDK search fields such as {"type": "dataset"}) is
/// added to the search. The original's `get_data_assets`.
std::vector<codeocean::DataAsset> data_assets_with_name_prefix(const Services& services, std::string_view prefix,
                                                               std::string_view extra_search_json = {});

/// The raw assets among `assets` whose names carry exactly `session_id` (parsed and
/// normalised first: invalid_input if it is not a session ID), in the order given.
std::vector<codeocean::DataAsset> raw_data_assets_among(std::vector<codeocean::DataAsset> assets,
                                                        std::string_view session_id);

/// The assets with these IDs, fetched concurrently, in the order given. A link to a deleted
/// asset, or one this token may not read, is stale metadata, not a failed request: it is
/// skipped with a warning (and a line in `notes` when given). Any other failure is thrown.
std::vector<codeocean::DataAsset> linked_data_assets(const Services& services, const std::vector<std::string>& ids,
                                                     std::string_view linked_from, std::string* notes = nullptr);

}  // namespace aind::core
