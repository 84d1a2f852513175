// include/aind/core/session.hpp
//
// What a session ID leads to across Code Ocean, DocDB and S3, by the original's rules with
// its bugs fixed: the raw data asset, the raw data directory, its modalities. When nothing
// is found, the error lists every place that was tried and what each answered.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "aind/codeocean/models.hpp"
#include "aind/common/result.hpp"
#include "aind/core/services.hpp"

namespace aind::core {

/// The session's latest raw data asset: the Code Ocean assets its DocDB record links to
/// (fetched concurrently; links to deleted assets are skipped with a warning; only raw ones
/// count), else the Code Ocean assets named after it that are raw. Throws not_found saying
/// where it looked (and whether raw data sit on S3 without an asset).
codeocean::DataAsset raw_data_asset(const Services& services, std::string_view session_id);

/// raw_data_asset() for many sessions at once, by a bounded pool of workers: one Result per
/// session, in the order given (not_found for a session without one).
std::vector<Result<codeocean::DataAsset>> raw_data_assets(const Services& services,
                                                          const std::vector<std::string>& session_ids);

/// The raw data directory: DocDB `location` (checked to exist), else the raw asset's source
/// directory, else the known buckets probed by session ID. Throws not_found listing each.
std::string raw_data_dir(const Services& services, std::string_view session_id);

/// Modality folders of the raw data directory; empty when the session is not uploaded.
std::vector<std::string> modalities(const Services& services, std::string_view session_id);

/// A raw data asset or a raw data directory exists.
bool is_uploaded(const Services& services, std::string_view session_id);

/// The modalities of a raw data directory from the names of its sub-directories:
/// `ecephys_compressed` and `ecephys_clipped` count as `ecephys`, names containing
/// "metadata" are left out; sorted, without duplicates.
std::vector<std::string> modalities_from_dirs(const std::vector<std::string>& dir_names);

}  // namespace aind::core
