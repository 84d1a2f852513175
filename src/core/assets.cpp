// src/core/assets.cpp
#include "aind/core/assets.hpp"

#include <algorithm>

#include "aind/common/log.hpp"
#include "aind/naming/asset_name.hpp"
#include "aind/naming/session_id.hpp"

namespace aind::core {
namespace {

constexpr std::string_view kLogger = "aind_session.core";

/// The first `max_chars` characters of UTF-8 text (never cutting a character in two).
std::string_view utf8_prefix(std::string_view text, size_t max_chars) {
    size_t chars = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            if (chars == max_chars) return text.substr(0, i);
            ++chars;
        }
    }
    return text;
}

}  // namespace

std::string data_asset_search_query(const SearchQueryFields& fields) {
    std::string query;
    auto add = [&query](std::string_view field, std::string_view value) {
        if (value.empty()) return;
        query += (query.empty() ? "" : " ") + std::string(field) + ":" + std::string(value);
    };
    std::string_view name = utf8_prefix(fields.name, kMaxNameQueryLength);
    if (name.size() < fields.name.size())
        log(LogLevel::warning, kLogger,
            "Data asset search in CodeOcean with `name` over 20 characters long is broken: truncating to '" +
                std::string(name) + "'");
    add("name", name);
    add("subject id", fields.subject_id);
    for (const std::string& tag : fields.tags) add("tag", tag);
    add("description", fields.description);
    return query;
}

bool is_raw_data_asset(const codeocean::DataAsset& asset) {
    if (const std::string* level = asset.metadata("data level"); level && *level == "raw data") return true;
    for (const std::string& tag : asset.tags)
        if (tag.find("raw") != std::string::npos) return true;
    try {
        return naming::parse_session_id(asset.name).id() == asset.name;
    } catch (const Error&) {
        return false;
    }
}

std::string asset_kind(const codeocean::DataAsset& asset) {
    if (is_raw_data_asset(asset)) return "raw";
    try {
        return naming::to_string(naming::parse_asset_name(asset.name).kind);
    } catch (const Error&) {
        return "other";
    }
}

const codeocean::DataAsset& latest(const std::vector<codeocean::DataAsset>& assets) {
    return *latest_by_created(assets.begin(), assets.end(),
                              [](const codeocean::DataAsset& a) -> const auto& { return a; });
}

void sort_by_created(std::vector<codeocean::DataAsset>& assets) {
    std::stable_sort(assets.begin(), assets.end(), [](const auto& a, const auto& b) { return a.created < b.created; });
}

std::vector<codeocean::DataAsset> data_assets_with_name_prefix(const Services& services, std::string_view prefix,
                                                               std::string_view extra_search_json) {
    if (prefix.empty()) throw Error(ErrorKind::invalid_input, "data_assets_with_name_prefix: the name prefix is empty");
    const std::string_view term = utf8_prefix(prefix, kMaxNameQueryLength);
    if (term.size() < prefix.size() && log_enabled(LogLevel::debug)) {
        log(LogLevel::debug, "aind_session.codeocean",
            "searching name:" + std::string(term) +
                " (the search ignores longer name terms) and keeping names starting with " + std::string(prefix));
    }
    codeocean::SearchParams params =
        extra_search_json.empty() ? codeocean::SearchParams() : codeocean::SearchParams::from_json(extra_search_json);
    params.query("name:" + std::string(term)).sort("created", "asc");
    std::vector<codeocean::DataAsset> kept;
    for (auto& a : services.codeocean().search_data_assets(params))
        if (std::string_view(a.name).starts_with(prefix)) kept.push_back(std::move(a));
    sort_by_created(kept);
    return kept;
}

std::vector<codeocean::DataAsset> raw_data_assets_among(std::vector<codeocean::DataAsset> assets,
                                                        std::string_view session_id) {
    const std::string id = naming::parse_session_id(session_id).id();
    std::vector<codeocean::DataAsset> raw;
    for (auto& a : assets) {
        // The prefix also matches names of other acquisitions that merely start the same
        // way; keep only assets of exactly this session.
        const naming::ScanResult scan = naming::scan_session_id(a.name, 9999);
        if (scan.status != naming::ScanStatus::ok) continue;
        if (a.name.compare(0, id.size(), id) != 0 || scan.match.begin != 0 || scan.match.end != id.size()) continue;
        if (is_raw_data_asset(a)) raw.push_back(std::move(a));
    }
    return raw;
}

std::vector<codeocean::DataAsset> linked_data_assets(const Services& services, const std::vector<std::string>& ids,
                                                     std::string_view linked_from, std::string* notes) {
    std::vector<codeocean::DataAsset> found;
    if (ids.empty()) return found;
    const std::vector<Result<codeocean::DataAsset>> lookups = services.codeocean().get_data_assets(ids);
    for (size_t i = 0; i < ids.size(); ++i) {
        if (const codeocean::DataAsset* asset = lookups[i].get()) {
            found.push_back(*asset);
            continue;
        }
        const ErrorKind kind = lookups[i].error().kind();
        if (kind != ErrorKind::not_found && kind != ErrorKind::permission) throw lookups[i].error();
        const std::string note = std::string(linked_from) + " links Code Ocean asset " + ids[i] + ", which " +
                                 (kind == ErrorKind::not_found ? "no longer exists" : "this token may not read");
        log(LogLevel::warning, kLogger, note + ": skipped");
        if (notes) *notes += "\n  " + note;
    }
    return found;
}

}  // namespace aind::core
