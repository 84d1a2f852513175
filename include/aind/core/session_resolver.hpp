// include/aind/core/session_resolver.hpp
//
// What a session ID leads to across Code Ocean, DocDB and S3, by the original's rules
// (anchor §1.2, §2.4, §2.5) with its bugs fixed. When nothing is found, the error lists
// every place that was tried and what each answered.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aind/codeocean/models.hpp"
#include "aind/common/error.hpp"
#include "aind/core/services.hpp"

namespace aind::core {

/// The latest DocDB record (raw JSON) for a name, a session ID or a Code Ocean asset ID
/// (looked up by external link, then by the asset's name); nullopt when there is none.
std::optional<std::string> docdb_record(const Services& services, std::string_view name_or_id);

/// The session's latest raw data asset: the Code Ocean assets its DocDB record links to
/// (fetched concurrently; links to deleted assets are skipped with a warning; only raw ones
/// count), else the Code Ocean assets named after it that are raw. Throws not_found saying
/// where it looked (and whether raw data sit on S3 without an asset).
codeocean::DataAsset raw_data_asset(const Services& services, std::string_view session_id);

/// The directory an asset's files live in: its source bucket (checked to exist), else the
/// first known bucket holding a directory named after its ID, then its name.
std::string data_asset_source_dir(const Services& services, const codeocean::DataAsset& asset);

/// The raw data directory: DocDB `location` (checked to exist), else the raw asset's source
/// directory, else the known buckets probed by session ID. Throws not_found listing each.
std::string raw_data_dir(const Services& services, std::string_view session_id);

/// Modality folders of the raw data directory; empty when the session is not uploaded.
std::vector<std::string> modalities(const Services& services, std::string_view session_id);

/// A raw data asset or a raw data directory exists.
bool is_uploaded(const Services& services, std::string_view session_id);

/// Everything about a session at once, for `aind-session show`: each part fetched once, the
/// independent ones concurrently. A part that could not be asked is in `errors` (and the
/// parts that depend on it are left empty), never silently reported as "none".
struct SessionReport {
    std::string id;
    std::vector<codeocean::DataAsset> data_assets;  // names starting with the ID, oldest first
    std::optional<std::string> docdb_record;
    std::optional<codeocean::DataAsset> raw_data_asset;
    std::optional<std::string> raw_data_dir;
    std::vector<std::string> modalities;
    std::string not_found;  // what was tried, when there is no raw data dir
    struct Failure {
        std::string part;
        Error error;
    };
    std::vector<Failure> errors;
};
SessionReport report_session(const Services& services, std::string_view session_id);

/// Every data asset of a subject, oldest first, without duplicates: the `subject id:`
/// search and the free-text search (concurrently), plus the assets DocDB links to the
/// subject (fetched concurrently; deleted ones skipped with a warning). The server's
/// superset is kept as the original did (names of other subjects are the caller's filter).
/// `extra_search_json` (SDK search fields such as {"type": "dataset"}) applies to both searches.
std::vector<codeocean::DataAsset> subject_data_assets(const Services& services, std::string_view subject_id,
                                                      std::string_view extra_search_json = {});

}  // namespace aind::core
