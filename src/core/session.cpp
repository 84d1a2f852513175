// src/core/session.cpp
#include "aind/core/session.hpp"

#include <algorithm>
#include <future>

#include "aind/common/error.hpp"
#include "aind/common/log.hpp"
#include "aind/common/url.hpp"
#include "aind/core/assets.hpp"
#include "aind/core/batch.hpp"
#include "aind/core/locations.hpp"
#include "aind/core/records.hpp"
#include "aind/docdb/client.hpp"
#include "aind/naming/session_id.hpp"
#include "choices.hpp"
#include "session_steps.hpp"

namespace aind::core {
namespace detail {
namespace {

constexpr std::string_view kLogger = "aind_session.core";

std::optional<codeocean::DataAsset> latest_linked_raw_asset(const Services& services, const std::string& id,
                                                            const std::string& record, std::string& tried) {
    const std::vector<std::string> links = extract_codeocean_ids(record);
    tried += "\n  DocDB record '" + id + "': " + std::to_string(links.size()) + " Code Ocean link(s)";
    std::vector<codeocean::DataAsset> raw;
    for (auto& a : linked_data_assets(services, links, "DocDB record " + id, &tried))
        if (is_raw_data_asset(a)) raw.push_back(std::move(a));
    if (!raw.empty()) {
        note_asset_choice("raw data asset", raw, &latest(raw),
                          "the latest created raw asset among those the session's DocDB record links to");
        return latest(raw);
    }
    if (!links.empty()) tried += "\n  none of the linked assets is a raw data asset";
    return std::nullopt;
}

}  // namespace

std::string normalized_session_id(std::string_view session_id) { return naming::parse_session_id(session_id).id(); }

RawAssetSearch find_raw_data_asset(const Services& services, const std::string& id,
                                   const std::optional<std::string>& record, const NamedAssets* named_assets) {
    RawAssetSearch out;
    if (record) {
        out.asset = latest_linked_raw_asset(services, id, *record, out.tried);
        if (out.asset) return out;
    } else {
        out.tried += "\n  DocDB: no record named '" + id + "'";
    }
    // A search made beforehand that failed fails here, where it is needed.
    const std::vector<codeocean::DataAsset> raw =
        raw_data_assets_among(named_assets ? named_assets->value() : data_assets_with_name_prefix(services, id), id);
    if (raw.size() > 1)
        log(LogLevel::info, kLogger,
            "Found " + std::to_string(raw.size()) + " raw data assets for " + id + ": using the latest");
    if (!raw.empty()) {
        out.asset = raw.back();  // oldest first: the last is the latest
        note_asset_choice("raw data asset", raw, &*out.asset,
                          "the latest created raw asset named exactly " + id + " (the DocDB record links to none)");
        return out;
    }
    out.tried += "\n  Code Ocean: no raw data asset named '" + id +
                 "' (search name:" + id.substr(0, kMaxNameQueryLength) + ", checked on our side)";
    return out;
}

std::optional<std::string> location_of(const std::optional<std::string>& record) {
    return record ? record_location(*record) : std::nullopt;
}

namespace {

std::optional<std::string> raw_dir_by_routes(const Services& services, const std::string& id,
                                             const std::optional<std::string>& location, const RawAssetSearch& search,
                                             std::string& tried, std::optional<bool> location_exists) {
    if (location && !location->starts_with("s3://")) return location;  // not checkable here
    if (location && (location_exists ? *location_exists : dir_exists(services, *location))) return location;
    tried += "\n  DocDB record location: " +
             (location ? *location + " does not exist (or access is denied)" : std::string("none"));
    tried += search.tried;
    // Every name the buckets may be probed for, in one go: the asset's ID and name (when its
    // source bucket names no directory), then the session's. Each answer is read in that
    // order, as if asked one after the other.
    std::optional<BucketProbes> probes;
    if (!search.asset || !names_source_dir(*search.asset)) {
        std::vector<std::string> names;
        if (search.asset) names = {search.asset->id, search.asset->name};
        names.push_back(id);
        probes.emplace(services, names);
    }
    if (search.asset) {
        try {
            return probes ? data_asset_source_dir(services, *search.asset, *probes)
                          : data_asset_source_dir(services, *search.asset);
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::not_found) throw;
            tried += "\n  raw data asset " + search.asset->id + ": " + e.what();
        }
    }
    try {
        const std::string dir = probes ? source_dir_by_name(services, id, *probes) : source_dir_by_name(services, id);
        log(LogLevel::info, kLogger, "Raw data dir for " + id + " found by probing S3 buckets: " + dir);
        return dir;
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::not_found) throw;
        tried += "\n  S3: " + std::string(e.what());
    }
    return std::nullopt;
}

void note_raw_dir_choice(const std::optional<std::string>& dir, const std::optional<std::string>& location,
                         const std::string& tried) {
    std::vector<std::string> considered;
    for (size_t at = tried.find("\n  "); at != std::string::npos;) {
        const size_t next = tried.find("\n  ", at + 3);
        considered.push_back(tried.substr(at + 3, next == std::string::npos ? std::string::npos : next - at - 3));
        at = next;
    }
    const std::string why = !dir                 ? "no route led to a directory"
                            : dir == location    ? "the location of the session's DocDB record, which exists"
                            : considered.empty() ? "the only route tried"
                                                 : "the first route that led to a directory, after those considered";
    note_choice("raw data dir", dir.value_or(""), why, std::move(considered));
}

}  // namespace

std::optional<std::string> resolve_raw_dir(const Services& services, const std::string& id,
                                           const std::optional<std::string>& location, const RawAssetSearch& search,
                                           std::string& tried, std::optional<bool> location_exists) {
    std::optional<std::string> dir = raw_dir_by_routes(services, id, location, search, tried, location_exists);
    note_raw_dir_choice(dir, location, tried);
    return dir;
}

std::string no_raw_dir_message(const std::string& id, const std::string& tried) {
    return "No raw data asset in CodeOcean and no dir in known data buckets on S3 for " + id +
           ". Tried, in order:" + tried;
}

std::vector<std::string> modalities_in(const Services& services, const std::string& dir) {
    if (dir.rfind("s3://", 0) != 0) return {};
    return modalities_from_dirs(list_subdirectories(services, dir));
}

std::optional<std::vector<std::string>> modalities_if_exists(const Services& services, const std::string& dir) {
    std::optional<std::vector<std::string>> subdirectories = subdirectories_if_exists(services, dir);
    if (!subdirectories) return std::nullopt;
    return modalities_from_dirs(*subdirectories);
}

}  // namespace detail

using namespace detail;

codeocean::DataAsset raw_data_asset(const Services& services, std::string_view session_id) {
    const std::string id = normalized_session_id(session_id);
    RawAssetSearch search = find_raw_data_asset(services, id, record_for_name(services, id));
    if (search.asset) return std::move(*search.asset);
    std::string verdict = " The session has likely not been uploaded.";
    try {
        verdict = " Raw data found in " + source_dir_by_name(services, id) + ": a raw data asset needs to be created.";
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::not_found)
            verdict = " (Could not check S3 for raw data: " + std::string(e.what()) + ")";
    }
    throw Error(ErrorKind::not_found, "No raw data assets found for " + id + "." + verdict + "\nTried:" + search.tried);
}

std::vector<Result<codeocean::DataAsset>> raw_data_assets(const Services& services,
                                                          const std::vector<std::string>& session_ids) {
    // Build the clients before the workers share them (their first use would serialise anyway).
    services.codeocean(), services.docdb(), services.s3();
    return map_concurrently(session_ids, [&services](const std::string& id) {
        return capture([&] { return raw_data_asset(services, id); });
    });
}

std::string raw_data_dir(const Services& services, std::string_view session_id) {
    const std::string id = normalized_session_id(session_id);
    // The record and the assets named after the session at once: without a record linking a
    // raw asset, the named assets are where the raw asset is found.
    auto searching = run_async([&] { return capture([&] { return data_assets_with_name_prefix(services, id); }); });
    const std::optional<std::string> record = record_for_name(services, id);
    const std::optional<std::string> location = location_of(record);
    // The location checked while the record's links are fetched: both follow from the record.
    std::optional<std::future<Result<bool>>> checking;
    if (location && location->starts_with("s3://"))
        checking = run_async([&] { return capture([&] { return dir_exists(services, *location); }); });
    const NamedAssets named = searching.get();
    const Result<RawAssetSearch> search = capture([&] { return find_raw_data_asset(services, id, record, &named); });
    std::optional<Result<bool>> checked;
    if (checking) checked = checking->get();
    // The raw asset's failure first, then the location's: the order they were asked in before.
    const RawAssetSearch& found = search.value();
    const std::optional<bool> exists = checked ? std::optional(checked->value()) : std::nullopt;
    std::string tried;
    if (auto dir = resolve_raw_dir(services, id, location, found, tried, exists)) return *dir;
    throw Error(ErrorKind::not_found, no_raw_dir_message(id, tried));
}

std::vector<std::string> modalities(const Services& services, std::string_view session_id) {
    const std::string id = normalized_session_id(session_id);
    const std::optional<std::string> record = record_for_name(services, id);
    // Listing the DocDB location answers both "does it exist" and "what is in it" at once.
    const std::optional<std::string> location = location_of(record);
    std::optional<bool> location_exists;
    if (location && location->starts_with("s3://")) {
        if (auto found = modalities_if_exists(services, *location)) return *found;
        location_exists = false;
    }
    std::string tried;
    const auto dir =
        resolve_raw_dir(services, id, location, find_raw_data_asset(services, id, record), tried, location_exists);
    return dir ? modalities_in(services, *dir) : std::vector<std::string>{};
}

bool is_uploaded(const Services& services, std::string_view session_id) {
    const std::string id = normalized_session_id(session_id);
    if (find_raw_data_asset(services, id, record_for_name(services, id)).asset) return true;
    try {
        source_dir_by_name(services, id);
        return true;
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::not_found) throw;
        return false;
    }
}

std::vector<std::string> modalities_from_dirs(const std::vector<std::string>& dir_names) {
    std::vector<std::string> out;
    for (std::string name : dir_names) {
        name = std::string(without_trailing_slashes(name));
        if (name.empty() || name.find("metadata") != std::string::npos) continue;
        if (name == "ecephys_compressed" || name == "ecephys_clipped") name = "ecephys";
        out.push_back(std::move(name));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace aind::core
