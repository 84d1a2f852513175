// src/core/session_steps.hpp  (private to src/core)
//
// The steps session.cpp and report.cpp share: each works from what is already known (the
// DocDB record, the session's named assets), so a caller that fetched those once - or
// concurrently - passes them in instead of asking again.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "aind/codeocean/models.hpp"
#include "aind/common/result.hpp"
#include "aind/core/services.hpp"

namespace aind::core::detail {

/// The normalised ID of a session ID given in any form (invalid_input when there is none).
std::string normalized_session_id(std::string_view session_id);

struct RawAssetSearch {
    std::optional<codeocean::DataAsset> asset;
    std::string tried;  // what was looked at, for the not-found message
};

/// The session's named assets (data_assets_with_name_prefix()) searched beforehand, or why
/// the search failed.
using NamedAssets = Result<std::vector<codeocean::DataAsset>>;

/// The raw asset from the session's DocDB record (its links first), else by name: from
/// `named_assets` when the caller searched them already (a failed search throws here, if it
/// is needed), else searched now.
RawAssetSearch find_raw_data_asset(const Services& services, const std::string& id,
                                   const std::optional<std::string>& record, const NamedAssets* named_assets = nullptr);

/// The usable location of the session's DocDB record, if it has one (record_location()).
std::optional<std::string> location_of(const std::optional<std::string>& record);

/// The raw data directory from what is already known (the record's location_of(), the raw
/// asset search, whether the S3 location exists when the caller checked it already), in the
/// original's order; nullopt with `tried` saying why each step did not give one. The buckets
/// are probed once for every name the remaining steps may need.
std::optional<std::string> resolve_raw_dir(const Services& services, const std::string& id,
                                           const std::optional<std::string>& location, const RawAssetSearch& search,
                                           std::string& tried, std::optional<bool> location_exists = std::nullopt);

std::string no_raw_dir_message(const std::string& id, const std::string& tried);

/// The modalities in a raw data directory (none for one that is not on S3).
std::vector<std::string> modalities_in(const Services& services, const std::string& dir);

/// The modalities in an S3 directory, or nullopt when it does not exist: one listing.
std::optional<std::vector<std::string>> modalities_if_exists(const Services& services, const std::string& dir);

}  // namespace aind::core::detail
