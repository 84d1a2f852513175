// src/cache/settings.cpp
//
// The cache's variables (kCacheVariables) read from the configuration: one rule per variable,
// each failure naming the variable and what it accepts.
#include <cstdlib>

#include "aind/cache/cache.hpp"
#include "aind/common/error.hpp"
#include "aind/common/text.hpp"
#include "aind/config/config.hpp"

namespace aind::cache {
namespace {

std::optional<bool> yes_or_no(const std::string& text, const char* variable) {
    if (text.empty()) return std::nullopt;
    for (const char* yes : {"1", "true", "yes", "on"})
        if (iequals(text, yes)) return true;
    for (const char* no : {"0", "false", "no", "off"})
        if (iequals(text, no)) return false;
    throw Error(ErrorKind::invalid_input,
                std::string(variable) + "=\"" + excerpt(text) + "\" is not a yes or no; set it to 1 or 0, or unset it");
}

/// "kind=seconds,kind=never,..." over the defaults.
void apply_ttl(store::Ttl& ttl, const std::string& text) {
    size_t start = 0;
    while (start <= text.size()) {
        const size_t end = std::min(text.find(',', start), text.size());
        const std::string item(trim(std::string_view(text).substr(start, end - start)));
        start = end + 1;
        if (item.empty()) continue;
        const size_t eq = item.find('=');
        const std::string kind(trim(std::string_view(item).substr(0, eq)));
        const std::string value =
            eq == std::string::npos ? "" : std::string(trim(std::string_view(item).substr(eq + 1)));
        if (kind.empty() || value.empty())
            throw Error(ErrorKind::invalid_input, "AIND_SESSION_CACHE_TTL: \"" + excerpt(item) +
                                                      "\" is not kind=seconds; write e.g. "
                                                      "'codeocean.search=60,docdb.records=never'");
        ttl.set(kind,
                iequals(value, "never") ? store::kNever : config::positive_number(value, "AIND_SESSION_CACHE_TTL"));
    }
}

}  // namespace

const char* to_string(Mode mode) noexcept {
    switch (mode) {
        case Mode::off: return "off";
        case Mode::online: return "online";
        case Mode::offline: return "offline";
        case Mode::refresh: return "refresh";
    }
    return "online";
}

std::optional<Mode> mode_named(std::string_view name) noexcept {
    for (Mode m : {Mode::off, Mode::online, Mode::offline, Mode::refresh})
        if (iequals(name, to_string(m))) return m;
    return std::nullopt;
}

Settings settings_from(const config::Config& config) {
    Settings s;
    if (const std::string v = config.get("AIND_SESSION_CACHE"); !v.empty()) {
        const std::optional<Mode> mode = mode_named(trim(v));
        if (!mode)
            throw Error(ErrorKind::invalid_input, "AIND_SESSION_CACHE=\"" + excerpt(v) +
                                                      "\" is not a cache mode; set it to online, offline, refresh "
                                                      "or off, or unset it (online)");
        s.mode = *mode;
    }
    s.allow_stale = yes_or_no(config.get("AIND_SESSION_ALLOW_STALE"), "AIND_SESSION_ALLOW_STALE");
    try {
        s.dir = store::store_dir_from(config.get("AIND_SESSION_CACHE_DIR"), config.get("XDG_CACHE_HOME"),
                                      config.get("HOME"));
    } catch (const Error&) {
        // No directory anywhere (a batch job without HOME): calls go on without the store, and
        // the first one that would use it says so (for_call's warning, or offline's error).
        s.dir.clear();
    }
    apply_ttl(s.ttl, config.get("AIND_SESSION_CACHE_TTL"));
    if (const std::string v = config.get("AIND_SESSION_CACHE_MAX_BYTES"); !v.empty())
        s.max_bytes = static_cast<std::int64_t>(config::positive_number(v, "AIND_SESSION_CACHE_MAX_BYTES"));
    return s;
}

}  // namespace aind::cache
