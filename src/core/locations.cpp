// src/core/locations.cpp
#include "aind/core/locations.hpp"

#include "aind/common/error.hpp"
#include "aind/s3/known_buckets.hpp"

namespace aind::core {

s3::S3Location parse_s3_uri(std::string_view uri) {
    constexpr std::string_view kScheme = "s3://";
    if (uri.substr(0, kScheme.size()) != kScheme || uri.size() == kScheme.size())
        throw Error(ErrorKind::invalid_input,
                    "expected an S3 URI such as s3://aind-ephys-data/<name>, got \"" + std::string(uri) + "\"");
    std::string_view rest = uri.substr(kScheme.size());
    const size_t slash = rest.find('/');
    s3::S3Location location{std::string(rest.substr(0, slash)), ""};
    if (slash != std::string_view::npos) {
        std::string_view key = rest.substr(slash + 1);
        while (!key.empty() && key.back() == '/') key.remove_suffix(1);
        location.key = std::string(key);
    }
    return location;
}

std::optional<std::string> first_dir_in_known_buckets(const s3::Client& s3, std::string_view name,
                                                      std::string* tried) {
    // A trailing "/" makes each probe one delimiter listing (no HEAD): these are directories.
    std::vector<s3::S3Location> candidates;
    for (std::string_view bucket : s3::kKnownDataBuckets)
        candidates.push_back({std::string(bucket), std::string(name) + "/"});
    const std::vector<s3::ProbeResult> results = s3.probe_dirs(candidates);
    for (const auto& r : results) {
        if (!tried) break;
        *tried += "\n  s3://" + r.location.bucket + "/" + std::string(name) + ": ";
        *tried += r.status == s3::ProbeStatus::found       ? "found"
                  : r.status == s3::ProbeStatus::not_found ? "not found"
                                                           : "could not check (" + r.error + ")";
    }
    const std::optional<std::size_t> winner = s3::first_found(results);
    if (!winner) return std::nullopt;
    return "s3://" + results[*winner].location.bucket + "/" + std::string(name);
}

std::string source_dir_by_name(const s3::Client& s3, std::string_view name) {
    std::string tried;
    std::optional<std::string> dir;
    try {
        dir = first_dir_in_known_buckets(s3, name, &tried);
    } catch (const Error& e) {
        throw Error(e.kind(), "could not tell where '" + std::string(name) + "' is on S3:" + tried);
    }
    if (!dir)
        throw Error(ErrorKind::not_found, "No dir named '" + std::string(name) +
                                              "' found in known data buckets on S3; tried:" + tried +
                                              "\nIf the data were uploaded elsewhere, its DocDB record's "
                                              "`location` or its raw data asset should say where.");
    return *dir;
}

bool dir_exists(const s3::Client& s3, std::string_view uri) {
    const s3::S3Location location = parse_s3_uri(uri);
    return s3.exists(location.bucket, location.key + "/");
}

namespace {

s3::ListResult list_directory(const s3::Client& s3, std::string_view uri) {
    const s3::S3Location location = parse_s3_uri(uri);
    s3::ListOptions options;
    options.prefix = location.key.empty() ? "" : location.key + "/";
    options.delimiter = "/";
    return s3.list(location.bucket, options);
}

std::string last_component(std::string_view path) {
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    const size_t slash = path.rfind('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

}  // namespace

std::vector<std::string> list_subdirectories(const s3::Client& s3, std::string_view uri) {
    std::vector<std::string> names;
    for (const auto& prefix : list_directory(s3, uri).common_prefixes) names.push_back(last_component(prefix));
    return names;
}

std::vector<std::string> list_names(const s3::Client& s3, std::string_view uri) {
    const s3::ListResult listing = list_directory(s3, uri);
    std::vector<std::string> names;
    for (const auto& prefix : listing.common_prefixes) names.push_back(last_component(prefix));
    for (const auto& object : listing.objects) names.push_back(last_component(object.key));
    return names;
}

std::string read_text(const s3::Client& s3, std::string_view uri) {
    const s3::S3Location location = parse_s3_uri(uri);
    return s3.get(location.bucket, location.key).body;
}

}  // namespace aind::core
