// src/naming/asset_name.cpp
#include "aind/naming/asset_name.hpp"

#include "aind/common/error.hpp"
#include "chars.hpp"

namespace aind::naming {
namespace {

using detail::is_digit;

// `_YYYY-MM-DD_hh-mm-ss` in the strict schema form (hyphens, digits) at `p`, no digit after.
bool is_step_token(std::string_view s, size_t p) noexcept {
    static constexpr char kShape[] = "_dddd-dd-dd_dd-dd-dd";
    constexpr size_t kLen = sizeof(kShape) - 1;
    if (s.size() - p < kLen) return false;
    for (size_t i = 0; i < kLen; ++i) {
        const char want = kShape[i], got = s[p + i];
        if (want == 'd' ? !is_digit(got) : got != want) return false;
    }
    return p + kLen == s.size() || !is_digit(s[p + kLen]);
}

Datetime read_step_datetime(const char* w) noexcept {
    auto num = [](const char* p, int n) {
        int v = 0;
        for (int i = 0; i < n; ++i) v = v * 10 + (p[i] - '0');
        return v;
    };
    Datetime dt;
    dt.year = static_cast<int16_t>(num(w + 1, 4));
    dt.month = static_cast<uint8_t>(num(w + 6, 2));
    dt.day = static_cast<uint8_t>(num(w + 9, 2));
    dt.hour = static_cast<uint8_t>(num(w + 12, 2));
    dt.minute = static_cast<uint8_t>(num(w + 15, 2));
    dt.second = static_cast<uint8_t>(num(w + 18, 2));
    return dt;
}

}  // namespace

const char* to_string(AssetKind kind) noexcept {
    switch (kind) {
        case AssetKind::raw: return "raw";
        case AssetKind::derived: return "derived";
        case AssetKind::other: return "other";
    }
    return "other";
}

AssetName parse_asset_name(std::string_view name, int current_year) {
    AssetName out;
    const ScanResult r = scan_session_id(name, current_year);
    if (r.status != ScanStatus::ok) throw Error(ErrorKind::invalid_input, explain_no_session_id(name, r, current_year));
    out.session = SessionId{std::string(r.match.platform), std::string(r.match.subject), r.match.dt};
    const std::string_view suffix = session_suffix(name, r.match);

    constexpr size_t kTokenLen = 20;
    size_t label_start = 0;
    for (size_t p = 0; p < suffix.size(); ++p) {
        if (suffix[p] != '_' || !is_step_token(suffix, p)) continue;
        std::string_view label = suffix.substr(label_start, p - label_start);
        if (!label.empty() && label.front() == '_') label.remove_prefix(1);
        out.steps.push_back({std::string(label), read_step_datetime(suffix.data() + p)});
        p += kTokenLen - 1;
        label_start = p + 1;
    }
    out.tail = std::string(out.steps.empty() ? suffix : suffix.substr(label_start));
    if (suffix.empty()) out.kind = AssetKind::raw;
    else if (suffix.front() == '_' && !out.steps.empty()) out.kind = AssetKind::derived;
    else out.kind = AssetKind::other;
    return out;
}

AssetName parse_asset_name(std::string_view name) { return parse_asset_name(name, current_year()); }

}  // namespace aind::naming
