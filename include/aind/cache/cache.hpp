// include/aind/cache/cache.hpp
//
// The persistent cache of issue 12: how a call's reads go through the store (aind::store).
// One mode per call:
//
//   online   answers within their time to live come from the store; the rest are fetched
//            and kept (the default)
//   offline  answers come only from the store; what it lacks is Error(offline) saying what
//            is missing and how old the newest copy is
//   refresh  the store is not read; everything is fetched, and kept
//   off      the store is neither read nor written
//
// A stale answer (past its time to live) is served only when the call allows it: always
// offline unless refused, online only when the network fails and AIND_SESSION_ALLOW_STALE
// (or the call) says so. Such an answer says it is stale (Response::stored, the Trace).
//
// Settings come from AIND_SESSION_* variables (kCacheVariables) and per-call overrides
// (Python's `aind_session.cache(...)`, the command's --offline / --refresh / --no-cache).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "aind/store/store.hpp"

namespace aind::config {
struct Config;
}
namespace aind::net {
class ResponseCache;
}

namespace aind::cache {

enum class Mode { off, online, offline, refresh };

const char* to_string(Mode mode) noexcept;
/// "online", "offline", "refresh" or "off"; nullopt for anything else.
std::optional<Mode> mode_named(std::string_view name) noexcept;

struct Settings {
    Mode mode = Mode::online;
    /// Unset: stale answers are served offline, and never online.
    std::optional<bool> allow_stale;
    std::string dir;  // the store's directory (store::default_store_dir() when unset)
    store::Ttl ttl = store::Ttl::defaults();
    std::int64_t max_bytes = std::int64_t{512} << 20;

    bool stale_allowed() const { return allow_stale.value_or(mode == Mode::offline); }
};

/// From the configuration's variables (kCacheVariables). Error(invalid_input) naming a
/// variable whose value is not one of those documented.
Settings settings_from(const config::Config& config);

/// The variables settings_from() reads, with what each sets (for --help and `config`).
struct CacheVariable {
    const char* name;
    const char* meaning;
};
inline constexpr CacheVariable kCacheVariables[] = {
    {"AIND_SESSION_CACHE", "online (default), offline, refresh or off: how answers go through the store"},
    {"AIND_SESSION_CACHE_DIR", "the store's directory (default $XDG_CACHE_HOME/aind-session or ~/.cache/aind-session)"},
    {"AIND_SESSION_ALLOW_STALE",
     "1: serve a stored answer past its time to live when the network fails (offline: "
     "served unless 0)"},
    {"AIND_SESSION_CACHE_TTL",
     "times to live per kind, e.g. 'codeocean.search=60,docdb.records=3600' ('never' allowed)"},
    {"AIND_SESSION_CACHE_MAX_BYTES",
     "the store's size bound; the least recently used answers go first (default 512 MiB)"},
};

/// "42 s", "12 min", "3.5 h", "2.0 days", "never": ages and times to live for people.
std::string age_text(double seconds);

/// The store of `settings.dir`, opened once per process and shared by every call.
/// Error(invalid_input) when it cannot be opened (saying what was tried).
std::shared_ptr<store::Store> shared_store(const Settings& settings);

/// The ResponseCache for one call under `settings` (null when the mode is off). The store
/// is opened on the call's first read, so a call that sends nothing never touches it. If it
/// cannot be opened, the call goes on without it (offline: Error(offline)), with a warning.
std::shared_ptr<net::ResponseCache> for_call(Settings settings);

}  // namespace aind::cache
