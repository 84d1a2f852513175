// include/aind/core/locations.hpp
//
// Where AIND data live on S3: `s3://` URIs, the known data buckets and the rule that picks
// one of several hits, where a data asset's files are, and what a directory holds.
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aind/codeocean/models.hpp"
#include "aind/common/result.hpp"
#include "aind/core/services.hpp"

namespace aind::core {

/// The buckets where AIND data directories live, in the original's priority order
/// (its S3_DATA_BUCKET_NAMES): a name found in several buckets resolves to the first.
inline constexpr std::array<std::string_view, 7> kKnownDataBuckets = {
    "codeocean-s3datasetsbucket-1u41qdg42ur9",  // Code Ocean's internal asset store, keyed by asset ID
    "aind-private-data-prod-o5171v",
    "aind-open-data-prod-o5171v",
    "aind-open-data",  // public (anonymous reads), AWS Open Data registry
    "aibs-behavior-data",
    "aind-ephys-data",
    "aind-ophys-data",
};

/// How the engine reaches S3, for other S3 libraries of the process (the `upath` paths handed
/// to users open through s3fs): they must reach the same endpoint with the same credentials.
struct S3Access {
    std::string endpoint_url, region, access_key_id, secret_access_key, session_token;
    bool anonymous = false;    // no credentials: public buckets only
    bool from_dotenv = false;  // some AWS setting came from a .env file, which they do not read
};
S3Access s3_access(const Services& services);

/// Splits "s3://bucket/key/..." into bucket and key (no leading or trailing '/').
/// Throws aind::Error(invalid_input) for anything else.
s3::S3Location parse_s3_uri(std::string_view uri);

/// True when `uri` names a directory inside a bucket: s3://<bucket>/<prefix>, the bucket
/// non-empty and made of the characters bucket names have, the prefix non-empty.
bool is_s3_dir_uri(std::string_view uri);

/// The directory a DocDB record's `location` names: an S3 directory (is_s3_dir_uri), or a
/// location in another scheme, as given (it cannot be checked from here). nullopt when the
/// record has none, or when its `s3://` location is not a directory (`s3://`, `s3:///x`,
/// `s3://bucket`): that is the server's data, not the caller's input, so it is logged as a
/// warning and the raw data are looked for as if the record had no location.
std::optional<std::string> record_location(std::string_view record_json);

/// Which of several probes, given in priority order, is the answer: the index of the first
/// that found something, or nullopt when none did. A location the caller may not read
/// (permission, auth) is skipped: what cannot be read cannot be the answer, and the probing
/// goes on (the callers list such buckets in their not-found messages). Any other failure
/// (timeout, server error) before the first hit, or when nothing was found, makes the answer
/// unknowable and is thrown.
std::optional<std::size_t> winning_probe(const std::vector<s3::S3Location>& locations,
                                         const std::vector<Result<s3::Probe>>& probes);

/// "s3://<bucket>/<name>" for the winning known bucket holding a directory `name`: all
/// buckets are probed at once, one listing each. nullopt when none has it. `tried`, when
/// given, gets a line per bucket with its answer.
std::optional<std::string> first_dir_in_known_buckets(const Services& services, std::string_view name,
                                                      std::string* tried = nullptr);

/// The known buckets probed for a directory named after each of `names`, all in one go (one
/// listing per bucket and name; for several names, a second name waits only for a bucket not
/// heard from yet: s3::Client::probe_dirs). What first_dir_in_known_buckets() asks for one
/// name, for the fallbacks of a rule that may need several: one round trip, not one each.
class BucketProbes {
public:
    BucketProbes(const Services& services, const std::vector<std::string>& names);
    /// first_dir_in_known_buckets(name, tried) from these probes (a name not among them is
    /// probed now).
    std::optional<std::string> first_dir(std::string_view name, std::string* tried = nullptr) const;

private:
    const Services* services_;
    std::vector<std::string> names_;                      // without repeats
    std::vector<std::vector<Result<s3::Probe>>> probes_;  // per name, per known bucket
};

/// first_dir_in_known_buckets() or not_found listing each bucket and its answer.
std::string source_dir_by_name(const Services& services, std::string_view name);
/// source_dir_by_name() answered from probes already made.
std::string source_dir_by_name(const Services& services, std::string_view name, const BucketProbes& probes);

/// The directory a data asset's files live in: its source bucket (checked to exist), else
/// the first known bucket holding a directory named after its ID, then after its name.
std::string data_asset_source_dir(const Services& services, const codeocean::DataAsset& asset);
/// data_asset_source_dir() with its probes by ID and by name answered from `probes`.
std::string data_asset_source_dir(const Services& services, const codeocean::DataAsset& asset,
                                  const BucketProbes& probes);
/// True when the asset's source bucket names its directory (a known origin): then
/// data_asset_source_dir() probes no bucket by ID or name.
bool names_source_dir(const codeocean::DataAsset& asset);
/// data_asset_source_dir() without a trailing '/': ready to append "/<file>" to.
std::string data_asset_dir(const Services& services, const codeocean::DataAsset& asset);
/// The S3 directory the asset's source bucket names ("s3://bucket/prefix", no trailing '/'), unchecked;
/// nullopt when it names none on S3. A file read from there needs no existence check first:
/// if the file is there, so is the directory (data_asset_source_dir() is the fallback).
std::optional<std::string> declared_s3_source_dir(const codeocean::DataAsset& asset);

/// data_asset_source_dir() of the asset with this ID (fetched first).
std::string data_asset_source_dir(const Services& services, std::string_view asset_id);

/// True when anything lies under the directory URI (one 1-key listing of "key/").
bool dir_exists(const Services& services, std::string_view uri);

/// Names of the immediate sub-directories of a directory URI (without the trailing '/').
std::vector<std::string> list_subdirectories(const Services& services, std::string_view uri);

/// list_subdirectories(), or nullopt when nothing lies under `uri` or its bucket does not exist
/// (dir_exists() would say false): one listing where a caller needs both answers.
std::optional<std::vector<std::string>> subdirectories_if_exists(const Services& services, std::string_view uri);

/// Names (relative to the directory) of every object and sub-directory right under `uri`.
std::vector<std::string> list_names(const Services& services, std::string_view uri);

/// One top-level folder of a directory and its entries (names, in name order), or why they
/// could not be listed.
struct FolderListing {
    std::string uri;
    Result<std::vector<std::string>> names;
};

/// The top-level folders of a directory URI in name order, every one listed at once.
std::vector<FolderListing> folder_listings(const Services& services, std::string_view uri);

/// The URI of the first entry (folders and names in order) whose name satisfies `match`, or
/// nullopt when none does. A folder that could not be listed may hold one: when nothing
/// matched, the first such failure is thrown instead of answering "none".
std::optional<std::string> first_entry_where(const std::vector<FolderListing>& folders,
                                             const std::function<bool(const std::string&)>& match);

/// The whole text of an object. Throws not_found when it does not exist.
std::string read_text(const Services& services, std::string_view uri);

/// Writes `text` as the object at `uri` (one PUT: a write is never repeated).
void write_text(const Services& services, std::string_view uri, std::string text,
                std::string_view content_type = "text/plain");

/// The URIs of the objects under a directory URI: right under it, or at any depth when
/// `recursive`; in key order.
std::vector<std::string> list_files(const Services& services, std::string_view uri, bool recursive);

}  // namespace aind::core
