// src/codeocean/assets.cpp
#include "aind/codeocean/assets.hpp"

#include <algorithm>

#include "aind/common/log.hpp"
#include "aind/naming/session_id.hpp"

namespace aind::codeocean {
namespace {

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

void sort_by_created(std::vector<DataAsset>& assets) {
    std::stable_sort(assets.begin(), assets.end(), [](const DataAsset& a, const DataAsset& b) { return a.created < b.created; });
}

}  // namespace

std::vector<DataAsset> data_assets_with_name_prefix(const Client& client, std::string_view prefix) {
    if (prefix.empty()) throw Error(ErrorKind::invalid_input, "data_assets_with_name_prefix: the name prefix is empty");
    std::string_view term = utf8_prefix(prefix, kMaxNameQueryLength);
    if (term.size() < prefix.size() && log_enabled(LogLevel::debug)) {
        log(LogLevel::debug, "aind_session.codeocean",
            "searching name:" + std::string(term) + " (the search ignores longer name terms) and keeping names starting with " +
                std::string(prefix));
    }
    SearchParams params;
    params.query("name:" + std::string(term)).sort("created", "asc");
    std::vector<DataAsset> found = client.search_data_assets(params);
    std::vector<DataAsset> kept;
    for (auto& a : found)
        if (std::string_view(a.name).starts_with(prefix)) kept.push_back(std::move(a));
    sort_by_created(kept);
    return kept;
}

bool is_raw_data_asset(const DataAsset& asset) {
    if (const std::string* level = asset.metadata("data level"); level && *level == "raw data") return true;
    for (const std::string& tag : asset.tags)
        if (tag.find("raw") != std::string::npos) return true;
    try {
        return naming::parse_session_id(asset.name).id() == asset.name;
    } catch (const Error&) {
        return false;
    }
}

std::vector<DataAsset> raw_data_assets_of(const Client& client, std::string_view session_id) {
    const std::string id = naming::parse_session_id(session_id).id();
    return raw_data_assets_among(data_assets_with_name_prefix(client, id), id);
}

std::vector<DataAsset> raw_data_assets_among(std::vector<DataAsset> assets, std::string_view session_id) {
    const std::string id = naming::parse_session_id(session_id).id();
    std::vector<DataAsset> raw;
    for (auto& a : assets) {
        // The prefix also matches names of other acquisitions that merely start the same
        // way; keep only assets of exactly this session.
        naming::ScanResult scan = naming::scan_session_id(a.name, 9999);
        if (scan.status != naming::ScanStatus::ok) continue;
        if (a.name.compare(0, id.size(), id) != 0 || scan.match.begin != 0 || scan.match.end != id.size()) continue;
        if (is_raw_data_asset(a)) raw.push_back(std::move(a));
    }
    return raw;  // in the order given (by created when it came from a name search)
}

std::optional<DataAsset> latest_raw_data_asset(const Client& client, std::string_view session_id) {
    auto raw = raw_data_assets_of(client, session_id);
    if (raw.empty()) return std::nullopt;
    return std::move(raw.back());
}

}  // namespace aind::codeocean
