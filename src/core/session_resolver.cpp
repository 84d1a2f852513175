// src/core/session_resolver.cpp
#include "aind/core/session_resolver.hpp"

#include <algorithm>
#include <future>
#include <set>

#include "aind/codeocean/assets.hpp"
#include "aind/common/error.hpp"
#include "aind/common/json_writer.hpp"
#include "aind/common/log.hpp"
#include "aind/core/locations.hpp"
#include "aind/core/rules.hpp"
#include "aind/naming/filters.hpp"
#include "aind/naming/session_id.hpp"
#include "aind/s3/known_buckets.hpp"

namespace aind::core {
namespace {

constexpr std::string_view kLogger = "aind_session.core";

std::string normalized_session_id(std::string_view session_id) { return naming::parse_session_id(session_id).id(); }

std::string json_filter(std::string_view key, std::string_view value) {
    JsonWriter w;
    w.begin_object().key(key).value(value).end_object();
    return w.take();
}

// The record's string field `key` ("" when absent or not a string).
std::string record_field(const std::string& record_json, std::string_view key) {
    return codeocean::parse_string_field(record_json, key, "DocDB record");
}

const codeocean::DataAsset& latest(const std::vector<codeocean::DataAsset>& assets) {
    return *std::max_element(assets.begin(), assets.end(),
                             [](const auto& a, const auto& b) { return a.created < b.created; });
}

// Fetches linked asset IDs concurrently. Links to deleted or unreadable assets are skipped
// with a warning (stale metadata, not a failed request); any other failure is thrown.
std::vector<codeocean::DataAsset> fetch_linked_assets(const Services& services, const std::vector<std::string>& ids,
                                                      std::string_view linked_from, std::string* notes) {
    std::vector<codeocean::DataAsset> found;
    if (ids.empty()) return found;
    for (auto& lookup : services.codeocean().get_data_assets(ids)) {
        if (lookup.ok()) {
            found.push_back(std::move(*lookup.value));
        } else if (lookup.error_kind == ErrorKind::not_found || lookup.error_kind == ErrorKind::permission) {
            const std::string note = std::string(linked_from) + " links Code Ocean asset " + lookup.id + ", which " +
                                     (lookup.error_kind == ErrorKind::not_found ? "no longer exists"
                                                                                : "this token may not read");
            log(LogLevel::warning, kLogger, note + ": skipped");
            if (notes) *notes += "\n  " + note;
        } else {
            throw Error(lookup.error_kind, lookup.error);
        }
    }
    return found;
}

struct RawAssetSearch {
    std::optional<codeocean::DataAsset> asset;
    std::string tried;  // what was looked at, for the not-found message
};

// The raw asset from an already-fetched DocDB record (links first), else by name.
RawAssetSearch find_raw_data_asset(const Services& services, const std::string& id,
                                   const std::optional<std::string>& record,
                                   const std::vector<codeocean::DataAsset>* named_assets = nullptr) {
    RawAssetSearch out;
    if (record) {
        const std::vector<std::string> links = docdb::extract_codeocean_ids(*record);
        out.tried += "\n  DocDB record '" + id + "': " + std::to_string(links.size()) + " Code Ocean link(s)";
        std::vector<codeocean::DataAsset> linked = fetch_linked_assets(services, links, "DocDB record " + id, &out.tried);
        std::vector<codeocean::DataAsset> raw;
        for (auto& a : linked)
            if (codeocean::is_raw_data_asset(a)) raw.push_back(std::move(a));
        if (!raw.empty()) {
            out.asset = latest(raw);
            return out;
        }
        if (!links.empty()) out.tried += "\n  none of the linked assets is a raw data asset";
    } else {
        out.tried += "\n  DocDB: no record named '" + id + "'";
    }
    const std::vector<codeocean::DataAsset> raw =
        named_assets ? codeocean::raw_data_assets_among(*named_assets, id)
                     : codeocean::raw_data_assets_of(services.codeocean(), id);
    if (raw.size() > 1)
        log(LogLevel::info, kLogger,
            "Found " + std::to_string(raw.size()) + " raw data assets for " + id + ": using the latest");
    if (!raw.empty()) {
        out.asset = raw.back();
        return out;
    }
    out.tried += "\n  Code Ocean: no raw data asset named '" + id + "' (search name:" +
                 id.substr(0, codeocean::kMaxNameQueryLength) + ", checked on our side)";
    return out;
}

std::string scheme_for_origin(std::string_view origin) {
    if (origin == "aws") return "s3";
    if (origin == "gcp") return "gs";
    if (origin == "local") return "file";
    return "";
}

}  // namespace

std::optional<std::string> docdb_record(const Services& services, std::string_view name_or_id) {
    const docdb::Client& db = services.docdb();
    if (naming::is_uuid(name_or_id)) {
        const std::string id = naming::normalize_uuid(name_or_id);
        std::vector<std::string> records = db.find(json_filter("external_links.Code Ocean", id), {}, R"({"created":1})");
        if (!records.empty()) return std::move(records.back());
        try {
            const codeocean::DataAsset asset = services.codeocean().get_data_asset(id);
            return db.latest_record_for_name(asset.name);
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::not_found) return std::nullopt;
            throw;
        }
    }
    return db.latest_record_for_name(name_or_id);
}

codeocean::DataAsset raw_data_asset(const Services& services, std::string_view session_id) {
    const std::string id = normalized_session_id(session_id);
    RawAssetSearch search = find_raw_data_asset(services, id, services.docdb().latest_record_for_name(id));
    if (search.asset) return std::move(*search.asset);
    std::string verdict = " The session has likely not been uploaded.";
    try {
        verdict = " Raw data found in " + source_dir_by_name(services.s3(), id) + ": a raw data asset needs to be created.";
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::not_found) verdict = " (Could not check S3 for raw data: " + std::string(e.what()) + ")";
    }
    throw Error(ErrorKind::not_found, "No raw data assets found for " + id + "." + verdict + "\nTried:" + search.tried);
}

std::string data_asset_source_dir(const Services& services, const codeocean::DataAsset& asset) {
    if (asset.source_bucket && !asset.source_bucket->bucket.empty()) {
        const auto& bucket = *asset.source_bucket;
        const std::string scheme = scheme_for_origin(bucket.origin);
        if (!scheme.empty()) {
            std::string dir = scheme + "://" + bucket.bucket + (bucket.prefix.empty() ? "" : "/" + bucket.prefix);
            if (scheme != "s3") return dir;  // only S3 can be checked from here
            if (dir_exists(services.s3(), dir)) return dir;
            throw Error(ErrorKind::not_found, dir + " found from data asset " + asset.id +
                                                  ", but does not exist (or access is denied)");
        }
        log(LogLevel::warning, kLogger,
            "Data asset " + asset.id + " has an unknown source bucket origin '" + bucket.origin +
                "': looking for its files in the known buckets");
    }
    // No usable source bucket: the known buckets, by ID (Code Ocean's own store keys
    // assets by ID), then by name; each round probes every bucket at once.
    for (const std::string& key : {asset.id, asset.name})
        if (auto dir = first_dir_in_known_buckets(services.s3(), key)) return *dir;
    throw Error(ErrorKind::not_found, "No source dir found for asset.id=" + asset.id + " or asset.name=" + asset.name +
                                          " in known S3 buckets");
}

namespace {

// The raw data directory from what is already known, in the original's order; nullopt with
// `tried` saying why each step did not give one.
std::optional<std::string> resolve_raw_dir(const Services& services, const std::string& id,
                                           const std::optional<std::string>& record, const RawAssetSearch& search,
                                           std::string& tried) {
    if (record) {
        const std::string location = record_field(*record, "location");
        if (!location.empty() && location.rfind("s3://", 0) != 0) return location;  // not checkable here
        if (!location.empty() && dir_exists(services.s3(), location)) return location;
        tried += "\n  DocDB record location: " +
                 (location.empty() ? std::string("none") : location + " does not exist (or access is denied)");
    }
    tried += search.tried;
    if (search.asset) {
        try {
            return data_asset_source_dir(services, *search.asset);
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::not_found) throw;
            tried += "\n  raw data asset " + search.asset->id + ": " + e.what();
        }
    }
    try {
        const std::string dir = source_dir_by_name(services.s3(), id);
        log(LogLevel::info, kLogger, "Raw data dir for " + id + " found by probing S3 buckets: " + dir);
        return dir;
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::not_found) throw;
        tried += "\n  S3: " + std::string(e.what());
    }
    return std::nullopt;
}

std::string no_raw_dir_message(const std::string& id, const std::string& tried) {
    return "No raw data asset in CodeOcean and no dir in known data buckets on S3 for " + id +
           ". Tried, in order:" + tried;
}

std::vector<std::string> modalities_of(const Services& services, const std::string& dir) {
    if (dir.rfind("s3://", 0) != 0) return {};
    return modalities_from_dirs(list_subdirectories(services.s3(), dir));
}

}  // namespace

std::string raw_data_dir(const Services& services, std::string_view session_id) {
    const std::string id = normalized_session_id(session_id);
    const std::optional<std::string> record = services.docdb().latest_record_for_name(id);
    std::string tried;
    if (auto dir = resolve_raw_dir(services, id, record, find_raw_data_asset(services, id, record), tried)) return *dir;
    throw Error(ErrorKind::not_found, no_raw_dir_message(id, tried));
}

std::vector<std::string> modalities(const Services& services, std::string_view session_id) {
    const std::string id = normalized_session_id(session_id);
    const std::optional<std::string> record = services.docdb().latest_record_for_name(id);
    // Listing the DocDB location answers both "does it exist" and "what is in it" at once.
    const std::string location = record ? record_field(*record, "location") : "";
    if (location.rfind("s3://", 0) == 0) {
        std::vector<std::string> found = modalities_of(services, location);
        if (!found.empty()) return found;
    }
    std::string tried;
    const auto dir = resolve_raw_dir(services, id, record, find_raw_data_asset(services, id, record), tried);
    return dir ? modalities_of(services, *dir) : std::vector<std::string>{};
}

bool is_uploaded(const Services& services, std::string_view session_id) {
    const std::string id = normalized_session_id(session_id);
    if (find_raw_data_asset(services, id, services.docdb().latest_record_for_name(id)).asset) return true;
    try {
        source_dir_by_name(services.s3(), id);
        return true;
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::not_found) throw;
        return false;
    }
}

std::vector<codeocean::DataAsset> subject_data_assets(const Services& services, std::string_view subject_id,
                                                      std::string_view extra_search_json) {
    const std::string subject(subject_id);
    const codeocean::Client& co = services.codeocean();
    const codeocean::SearchParams base =
        extra_search_json.empty() ? codeocean::SearchParams() : codeocean::SearchParams::from_json(extra_search_json);
    auto search = [&co, &base](std::string query) {
        codeocean::SearchParams params = base;
        return co.search_data_assets(params.query(query).sort("created", "asc"));
    };
    auto by_field = std::async(std::launch::async, search, "subject id:" + subject);
    auto by_text = std::async(std::launch::async, search, subject);
    auto linked_ids = std::async(std::launch::async, [&services, &subject] {
        return services.docdb().codeocean_ids_from_docdb("", subject);
    });

    std::vector<codeocean::DataAsset> assets;
    std::set<std::string> seen;
    for (auto* part : {&by_field, &by_text})
        for (auto& a : part->get())
            if (seen.insert(a.id).second) assets.push_back(std::move(a));
    std::vector<std::string> missing;
    for (auto& id : linked_ids.get())
        if (seen.insert(id).second) missing.push_back(id);
    for (auto& a : fetch_linked_assets(services, missing, "DocDB (subject " + subject + ")", nullptr))
        assets.push_back(std::move(a));
    std::stable_sort(assets.begin(), assets.end(), [](const auto& a, const auto& b) { return a.created < b.created; });
    return assets;
}

SessionReport report_session(const Services& services, std::string_view session_id) {
    SessionReport report;
    report.id = normalized_session_id(session_id);
    const std::string& id = report.id;
    auto failed = [&report](std::string_view part, const Error& e) { report.errors.push_back({std::string(part), e}); };

    // The two independent lookups at once; everything else follows from them.
    auto record = std::async(std::launch::async, [&] { return services.docdb().latest_record_for_name(id); });
    auto named = std::async(std::launch::async,
                            [&] { return codeocean::data_assets_with_name_prefix(services.codeocean(), id); });
    bool have_record = false, have_assets = false;
    try {
        report.docdb_record = record.get();
        have_record = true;
    } catch (const Error& e) {
        failed("DocDB record", e);
    }
    try {
        report.data_assets = named.get();
        have_assets = true;
    } catch (const Error& e) {
        failed("Code Ocean data assets", e);
    }
    if (!have_record || !have_assets) return report;  // the rest would guess

    RawAssetSearch search;
    try {
        search = find_raw_data_asset(services, id, report.docdb_record, &report.data_assets);
        report.raw_data_asset = search.asset;
    } catch (const Error& e) {
        failed("raw data asset", e);
        return report;
    }
    try {
        std::string tried;
        report.raw_data_dir = resolve_raw_dir(services, id, report.docdb_record, search, tried);
        if (!report.raw_data_dir) report.not_found = no_raw_dir_message(id, tried);
    } catch (const Error& e) {
        failed("raw data dir", e);
        return report;
    }
    if (report.raw_data_dir) {
        try {
            report.modalities = modalities_of(services, *report.raw_data_dir);
        } catch (const Error& e) {
            failed("modalities", e);
        }
    }
    return report;
}

}  // namespace aind::core
