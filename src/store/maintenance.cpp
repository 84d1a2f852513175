// src/store/maintenance.cpp
//
// Everything around the entries: the TTL table, where the store lives, the credential guard,
// and what `aind-session cache info | path | clear` will show.
#include <sys/stat.h>

#include <cstdlib>
#include <string>

#include "aind/common/text.hpp"
#include "store_impl.hpp"

namespace aind::store {
namespace {

constexpr double kMinute = 60;
constexpr double kHour = 60 * kMinute;
constexpr double kDay = 24 * kHour;

std::int64_t file_size(const std::string& path) {
    struct stat st{};
    return stat(path.c_str(), &st) == 0 ? static_cast<std::int64_t>(st.st_size) : 0;
}

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? std::string(value) : std::string();
}

}  // namespace

// How fast each kind of answer changes (docs/store.md has the reasons).
Ttl Ttl::defaults() {
    Ttl ttl;
    ttl.seconds = {
        {"codeocean.asset", kHour},         // state and name change while a run is going
        {"codeocean.asset.final", kNever},  // a finished asset never changes
        {"codeocean.search", 10 * kMinute},
        {"docdb.records", kHour},
        {"s3.listing", kHour},
        {"s3.probe", kHour},
        {"s3.object", kHour},  // files written once, at upload or at the end of a run
        {"codeocean.computation", 10 * kMinute},
        {"codeocean.computation.final", kNever},  // completed: done
        {"codeocean.computations", 10 * kMinute},
        {"codeocean.results", kHour},
        {"codeocean.result_file", kHour},
        {"ecephys.sorter_name", 30 * kDay},  // read from a finished run's files
        {"ecephys.error", 30 * kDay},
        {"negative", 5 * kMinute},  // "not there yet" often becomes "there" soon
    };
    ttl.fallback = 10 * kMinute;
    return ttl;
}

Ttl& Ttl::set(std::string kind, double seconds_to_live) {
    seconds[std::move(kind)] = seconds_to_live;
    return *this;
}

double Ttl::of(std::string_view kind, bool negative) const {
    const auto it = seconds.find(kind);
    double ttl = it == seconds.end() ? fallback : it->second;
    if (negative) {
        const auto n = seconds.find(std::string_view("negative"));
        if (n != seconds.end()) ttl = std::min(ttl, n->second);
    }
    return ttl;
}

void refuse_secrets(std::string_view what, std::string_view kind, std::string_view text) {
    for (const std::string_view marker : kSecretMarkers) {
        if (!icontains(text, marker)) continue;
        // The text itself is not repeated: it carries the credential.
        throw Error(ErrorKind::invalid_input, "a " + std::string(kind) + " cache " + std::string(what) + " contains '" +
                                                  std::string(marker) +
                                                  "': credentials are never stored; pass the question without them");
    }
}

std::string store_dir_from(std::string_view cache_dir, std::string_view xdg_cache_home, std::string_view home) {
    if (!cache_dir.empty()) return std::string(cache_dir);
    if (!xdg_cache_home.empty()) return std::string(xdg_cache_home) + "/aind-session";
    if (!home.empty()) return std::string(home) + "/.cache/aind-session";
    throw Error(ErrorKind::invalid_input,
                "no cache directory: set AIND_SESSION_CACHE_DIR (or XDG_CACHE_HOME, or HOME)");
}

std::string default_store_dir() {
    return store_dir_from(env("AIND_SESSION_CACHE_DIR"), env("XDG_CACHE_HOME"), env("HOME"));
}

std::int64_t Store::clear(std::string_view kind) {
    std::lock_guard lock(impl_->mutex);
    impl_->connection();
    Transaction transaction(*impl_);
    auto& s = kind.empty() ? impl_->statement("DELETE FROM entries")
                           : impl_->statement("DELETE FROM entries WHERE kind = ?1");
    if (!kind.empty()) s.bind(1, kind);
    impl_->step(s, "clearing entries");
    const std::int64_t removed = sqlite3_changes64(impl_->db.get());
    transaction.commit();
    return removed;
}

Info Store::info() {
    std::lock_guard lock(impl_->mutex);
    impl_->connection();
    Info info;
    info.path = impl_->path;
    info.file_bytes = file_size(impl_->path) + file_size(impl_->path + "-wal");
    info.schema_version = impl_->schema_version();
    auto& s = impl_->statement(
        "SELECT kind, count(*), sum(size), min(fetched_at), max(fetched_at) FROM entries GROUP BY kind ORDER BY kind");
    while (impl_->step(s, "summarising entries")) {
        KindInfo k{s.text(0), s.integer(1), s.integer(2), s.real(3), s.real(4)};
        info.entries += k.entries;
        info.payload_bytes += k.payload_bytes;
        info.kinds.push_back(std::move(k));
    }
    return info;
}

std::string Store::check() {
    std::lock_guard lock(impl_->mutex);
    impl_->connection();
    auto& s = impl_->statement("PRAGMA integrity_check");
    std::string result;
    while (impl_->step(s, "checking integrity")) {
        if (!result.empty()) result += '\n';
        result += s.text(0);
    }
    return result;
}

}  // namespace aind::store
