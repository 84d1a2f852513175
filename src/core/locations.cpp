// src/core/locations.cpp
#include "aind/core/locations.hpp"

#include <algorithm>

#include "aind/common/error.hpp"
#include "aind/common/json.hpp"
#include "aind/common/log.hpp"
#include "aind/common/url.hpp"
#include "aind/core/batch.hpp"

namespace aind::core {
namespace {

constexpr std::string_view kLogger = "aind_session.core";

bool unreadable(const Error& e) { return e.kind() == ErrorKind::permission || e.kind() == ErrorKind::auth; }

// `e` said again with more context; its kind, service and HTTP status kept.
Error restated(const Error& e, const std::string& message) {
    Error out(e.kind(), message);
    out.from(e.service(), e.http_status());
    return out;
}

// The URI scheme of a Code Ocean source bucket's origin; "" for an origin we do not know.
std::string scheme_for_origin(std::string_view origin) {
    if (origin == "aws") return "s3";
    if (origin == "gcp") return "gs";
    if (origin == "local") return "file";
    return "";
}

// "<scheme>://<bucket>[/<prefix>]", as the asset's source bucket names its directory.
std::string source_bucket_uri(const codeocean::SourceBucket& bucket, const std::string& scheme) {
    return scheme + "://" + bucket.bucket + (bucket.prefix.empty() ? "" : "/" + bucket.prefix);
}

// What lies under a directory URI: right under it (objects and sub-directories), or every
// object at any depth when `recursive`.
s3::ListResult list_directory(const Services& services, const s3::S3Location& location, bool recursive = false) {
    s3::ListOptions options;
    options.prefix = location.key.empty() ? "" : location.key + "/";
    if (!recursive) options.delimiter = "/";
    return services.s3().list(location.bucket, options);
}

std::string last_component(std::string_view path) {
    path = without_trailing_slashes(path);
    const size_t slash = path.rfind('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

}  // namespace

S3Access s3_access(const Services& services) {
    const aws::AwsConfig& aws = services.s3().config();
    S3Access out{aws.endpoint_url,
                 aws.region,
                 aws.credentials.access_key_id,
                 aws.credentials.secret_access_key,
                 aws.credentials.session_token,
                 aws.credentials.anonymous(),
                 false};
    for (const std::string& name : services.config().dotenv_variables)
        out.from_dotenv = out.from_dotenv || name.starts_with("AWS_");
    return out;
}

s3::S3Location parse_s3_uri(std::string_view uri) {
    constexpr std::string_view kScheme = "s3://";
    if (uri.substr(0, kScheme.size()) != kScheme || uri.size() == kScheme.size())
        throw Error(ErrorKind::invalid_input,
                    "expected an S3 URI such as s3://aind-ephys-data/<name>, got \"" + std::string(uri) + "\"");
    std::string_view rest = uri.substr(kScheme.size());
    const size_t slash = rest.find('/');
    s3::S3Location location{std::string(rest.substr(0, slash)), ""};
    if (slash != std::string_view::npos) {
        location.key = std::string(without_trailing_slashes(rest.substr(slash + 1)));
    }
    return location;
}

bool is_s3_dir_uri(std::string_view uri) {
    if (!uri.starts_with("s3://") || uri.size() == 5) return false;
    const s3::S3Location location = parse_s3_uri(uri);
    // Bucket names are letters, digits, '.', '-' (and '_' in old us-east-1 buckets).
    const bool bucket_ok =
        !location.bucket.empty() && std::all_of(location.bucket.begin(), location.bucket.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
                   c == '_';
        });
    return bucket_ok && !location.key.empty();
}

std::optional<std::string> record_location(std::string_view record_json) {
    const std::vector<std::string> f = json_string_fields(record_json, {"location", "_id", "name"}, "DocDB record");
    const std::string& location = f[0];
    if (location.empty()) return std::nullopt;
    if (!location.starts_with("s3://") || is_s3_dir_uri(location)) return location;
    // The server's data, not the caller's input: as if the record named no location.
    log(LogLevel::warning, kLogger,
        "DocDB record " + (f[1].empty() ? "(without _id)" : f[1]) + " (" + f[2] + ") has location \"" + location +
            "\", which names no S3 directory (s3://<bucket>/<prefix>): looking for the raw data elsewhere");
    return std::nullopt;
}

std::optional<std::size_t> winning_probe(const std::vector<s3::S3Location>& locations,
                                         const std::vector<Result<s3::Probe>>& probes) {
    for (std::size_t i = 0; i < probes.size(); ++i) {
        if (const s3::Probe* p = probes[i].get(); p && p->found) return i;
        if (!probes[i].ok() && !unreadable(probes[i].error()))
            throw restated(probes[i].error(), "cannot tell whether " + locations[i].uri() +
                                                  " exists, and it comes first: " + probes[i].error().what());
    }
    // Nothing found. A location that could not be asked (timeout, server error) might hold it:
    // "not found" would be a guess. One this caller may not read is just not a place to look.
    for (std::size_t i = 0; i < probes.size(); ++i)
        if (!probes[i].ok() && !unreadable(probes[i].error()))
            throw restated(probes[i].error(), "not found where readable, and " + locations[i].uri() +
                                                  " could not be checked: " + probes[i].error().what());
    return std::nullopt;
}

namespace {

// "s3://<bucket>/<name>" of the first known bucket whose probe found it (winning_probe());
// `tried` gets a line per bucket.
std::optional<std::string> dir_from_probes(std::string_view name, const std::vector<Result<s3::Probe>>& probes,
                                           std::string* tried) {
    std::vector<s3::S3Location> candidates;
    for (std::string_view bucket : kKnownDataBuckets)
        candidates.push_back({std::string(bucket), std::string(name) + "/"});
    for (std::size_t i = 0; tried && i < probes.size(); ++i) {
        *tried += "\n  s3://" + candidates[i].bucket + "/" + std::string(name) + ": ";
        const s3::Probe* p = probes[i].get();
        *tried +=
            p ? (p->found ? "found" : "not found") : "could not check (" + std::string(probes[i].error().what()) + ")";
    }
    const std::optional<std::size_t> winner = winning_probe(candidates, probes);
    if (!winner) return std::nullopt;
    return "s3://" + candidates[*winner].bucket + "/" + std::string(name);
}

}  // namespace

BucketProbes::BucketProbes(const Services& services, const std::vector<std::string>& names) : services_(&services) {
    for (const std::string& name : names)
        if (std::find(names_.begin(), names_.end(), name) == names_.end()) names_.push_back(name);
    // A trailing "/" makes each probe one delimiter listing (no HEAD): these are directories.
    std::vector<s3::S3Location> candidates;
    for (const std::string& name : names_)
        for (std::string_view bucket : kKnownDataBuckets) candidates.push_back({std::string(bucket), name + "/"});
    std::vector<Result<s3::Probe>> all = services.s3().probe_dirs(candidates, names_.size() > 1);
    for (std::size_t n = 0; n < names_.size(); ++n)
        probes_.emplace_back(std::make_move_iterator(all.begin() + n * kKnownDataBuckets.size()),
                             std::make_move_iterator(all.begin() + (n + 1) * kKnownDataBuckets.size()));
}

std::optional<std::string> BucketProbes::first_dir(std::string_view name, std::string* tried) const {
    for (std::size_t n = 0; n < names_.size(); ++n)
        if (names_[n] == name) return dir_from_probes(name, probes_[n], tried);
    return first_dir_in_known_buckets(*services_, name, tried);
}

std::optional<std::string> first_dir_in_known_buckets(const Services& services, std::string_view name,
                                                      std::string* tried) {
    return BucketProbes(services, {std::string(name)}).first_dir(name, tried);
}

namespace {

std::string source_dir_by_name_from(const Services& services, std::string_view name, const BucketProbes* probes) {
    std::string tried;
    std::optional<std::string> dir;
    try {
        dir = probes ? probes->first_dir(name, &tried) : first_dir_in_known_buckets(services, name, &tried);
    } catch (const Error& e) {
        throw restated(e, "could not tell where '" + std::string(name) + "' is on S3:" + tried);
    }
    if (!dir)
        throw Error(ErrorKind::not_found, "No dir named '" + std::string(name) +
                                              "' found in known data buckets on S3; tried:" + tried +
                                              "\nIf the data were uploaded elsewhere, its DocDB record's "
                                              "`location` or its raw data asset should say where; a bucket "
                                              "that could not be read needs credentials that may read it.");
    return *dir;
}

}  // namespace

std::string source_dir_by_name(const Services& services, std::string_view name) {
    return source_dir_by_name_from(services, name, nullptr);
}

std::string source_dir_by_name(const Services& services, std::string_view name, const BucketProbes& probes) {
    return source_dir_by_name_from(services, name, &probes);
}

bool names_source_dir(const codeocean::DataAsset& asset) {
    return asset.source_bucket && !asset.source_bucket->bucket.empty() &&
           !scheme_for_origin(asset.source_bucket->origin).empty();
}

namespace {

std::string source_dir_of(const Services& services, const codeocean::DataAsset& asset, const BucketProbes* probes) {
    if (asset.source_bucket && !asset.source_bucket->bucket.empty()) {
        const auto& bucket = *asset.source_bucket;
        const std::string scheme = scheme_for_origin(bucket.origin);
        if (!scheme.empty()) {
            std::string dir = source_bucket_uri(bucket, scheme);
            if (scheme != "s3") return dir;  // only S3 can be checked from here
            if (dir_exists(services, dir)) return dir;
            throw Error(ErrorKind::not_found,
                        dir + " found from data asset " + asset.id + ", but does not exist (or access is denied)");
        }
        log(LogLevel::warning, kLogger,
            "Data asset " + asset.id + " has an unknown source bucket origin '" + bucket.origin +
                "': looking for its files in the known buckets");
    }
    // No usable source bucket: the known buckets, by ID (Code Ocean's own store keys
    // assets by ID), then by name; each round probes every bucket at once.
    for (const std::string& key : {asset.id, asset.name})
        if (auto dir = probes ? probes->first_dir(key) : first_dir_in_known_buckets(services, key)) return *dir;
    throw Error(ErrorKind::not_found, "No source dir found for asset.id=" + asset.id + " or asset.name=" + asset.name +
                                          " in known S3 buckets");
}

}  // namespace

std::string data_asset_source_dir(const Services& services, const codeocean::DataAsset& asset) {
    return source_dir_of(services, asset, nullptr);
}

std::string data_asset_source_dir(const Services& services, const codeocean::DataAsset& asset,
                                  const BucketProbes& probes) {
    return source_dir_of(services, asset, &probes);
}

std::optional<std::string> declared_s3_source_dir(const codeocean::DataAsset& asset) {
    if (!asset.source_bucket || asset.source_bucket->bucket.empty() ||
        scheme_for_origin(asset.source_bucket->origin) != "s3")
        return std::nullopt;
    return std::string(without_trailing_slashes(source_bucket_uri(*asset.source_bucket, "s3")));
}

std::string data_asset_dir(const Services& services, const codeocean::DataAsset& asset) {
    return std::string(without_trailing_slashes(data_asset_source_dir(services, asset)));
}

std::string data_asset_source_dir(const Services& services, std::string_view asset_id) {
    return data_asset_source_dir(services, services.codeocean().get_data_asset(asset_id));
}

bool dir_exists(const Services& services, std::string_view uri) {
    const s3::S3Location location = parse_s3_uri(uri);
    return services.s3().exists(location.bucket, location.key + "/");
}

std::vector<std::string> list_subdirectories(const Services& services, std::string_view uri) {
    std::vector<std::string> names;
    for (const auto& prefix : list_directory(services, parse_s3_uri(uri)).common_prefixes)
        names.push_back(last_component(prefix));
    return names;
}

std::optional<std::vector<std::string>> subdirectories_if_exists(const Services& services, std::string_view uri) {
    s3::ListResult listing;
    try {
        listing = list_directory(services, parse_s3_uri(uri));
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::not_found) throw;  // a listing's not_found: no such bucket
        return std::nullopt;
    }
    if (listing.objects.empty() && listing.common_prefixes.empty()) return std::nullopt;
    std::vector<std::string> names;
    for (const auto& prefix : listing.common_prefixes) names.push_back(last_component(prefix));
    return names;
}

std::vector<std::string> list_names(const Services& services, std::string_view uri) {
    const s3::ListResult listing = list_directory(services, parse_s3_uri(uri));
    std::vector<std::string> names;
    for (const auto& prefix : listing.common_prefixes) names.push_back(last_component(prefix));
    for (const auto& object : listing.objects) names.push_back(last_component(object.key));
    return names;
}

std::vector<FolderListing> folder_listings(const Services& services, std::string_view uri) {
    const std::string dir(without_trailing_slashes(uri));
    std::vector<std::string> folders;
    for (const std::string& name : list_subdirectories(services, dir)) folders.push_back(dir + "/" + name);
    std::sort(folders.begin(), folders.end());
    const auto listings = map_concurrently(folders, [&services](const std::string& folder) {
        return capture([&] {
            std::vector<std::string> names = list_names(services, folder);
            std::sort(names.begin(), names.end());
            return names;
        });
    });
    std::vector<FolderListing> out;
    for (std::size_t i = 0; i < folders.size(); ++i) out.push_back({folders[i], listings[i]});
    return out;
}

std::optional<std::string> first_entry_where(const std::vector<FolderListing>& folders,
                                             const std::function<bool(const std::string&)>& match) {
    const Error* failure = nullptr;
    for (const FolderListing& folder : folders) {
        if (!folder.names.ok()) {
            failure = failure ? failure : &folder.names.error();
            continue;
        }
        for (const std::string& name : folder.names.value())
            if (match(name)) return folder.uri + "/" + name;
    }
    if (failure) throw *failure;
    return std::nullopt;
}

std::string read_text(const Services& services, std::string_view uri) {
    const s3::S3Location location = parse_s3_uri(uri);
    return services.s3().get(location.bucket, location.key).body;
}

void write_text(const Services& services, std::string_view uri, std::string text, std::string_view content_type) {
    const s3::S3Location location = parse_s3_uri(uri);
    services.s3().put(location.bucket, location.key, std::move(text), content_type);
}

std::vector<std::string> list_files(const Services& services, std::string_view uri, bool recursive) {
    const s3::S3Location location = parse_s3_uri(uri);
    std::vector<std::string> out;
    for (const auto& object : list_directory(services, location, recursive).objects)
        out.push_back("s3://" + location.bucket + "/" + object.key);
    return out;
}

}  // namespace aind::core
