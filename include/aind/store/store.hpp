// include/aind/store/store.hpp
//
// The persistent store under the cache of issue 12: answers kept across processes, keyed by
// (kind, key), with when they were fetched, where from, and whether the answer was "does not
// exist". One SQLite file in WAL mode, shared by every process of a user (notebooks, the
// command, batch jobs); the store says how old an entry is and whether it is fresh under its
// kind's time to live, and the caller decides what to do with a stale one (offline mode).
//
// Never stored: tokens, keys, signatures. The API takes no headers; callers pass the question
// without credentials (the URL without a presigned query, the search parameters), and a key
// or source that carries one of the credential markers (kSecretMarkers) is refused.
//
// See docs/store.md for the TTL table, the concurrency model, eviction and migrations.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace aind::store {

/// A time to live that never runs out (a finished asset does not change).
inline constexpr double kNever = 1e300;

/// Time to live per kind, in seconds. A negative entry lives at most the "negative" row.
struct Ttl {
    std::map<std::string, double, std::less<>> seconds;  // kind -> seconds
    double fallback = 600;                               // kinds not in the table

    /// The defaults of docs/store.md (searches 10 min, DocDB records and S3 1 h, negative
    /// answers 5 min, sorter names and error checks 30 days, final assets never).
    static Ttl defaults();
    /// Overrides (or adds) one kind; returns *this to chain.
    Ttl& set(std::string kind, double seconds_to_live);
    /// The time to live of an entry of `kind` (the shorter of it and "negative" when negative).
    double of(std::string_view kind, bool negative = false) const;
};

/// Seconds since the Unix epoch, UTC (a double: sub-second precision).
using Clock = std::function<double()>;
/// The system clock as a Clock.
double system_now();

struct Options {
    Ttl ttl = Ttl::defaults();
    /// Total payload (keys, values, sources) above which the least recently used go.
    std::int64_t max_bytes = std::int64_t{512} << 20;
    /// Tests inject their own; default system_now.
    Clock clock = system_now;
    /// How long a writer waits for another process's write to finish.
    int busy_timeout_ms = 5000;
    /// A read refreshes an entry's last use only when it is older than this: most reads stay
    /// read-only, and a minute is precise enough for LRU over hours-long lifetimes.
    double touch_interval_seconds = 60;
};

/// What a caller stores. `key` is the exact question (URL and query, canonical JSON of the
/// search), without credentials.
struct Record {
    std::string kind;  // "codeocean.search", "s3.listing", ...
    std::string key;
    std::string value;                      // bytes: a response body, or a small JSON the caller builds
    std::string source;                     // the endpoint that answered, e.g. ".../api/v1/data_assets/search"
    bool negative = false;                  // asked, and the answer was "does not exist"
    std::optional<double> fetched_at = {};  // default: the store's clock now
};

/// What get() answers: the record, how old it is and whether it is still fresh.
struct Entry {
    Record record;       // fetched_at always set
    double age = 0;      // seconds since fetched_at (0 when fetched_at is in the future)
    double ttl = 0;      // the time to live that applied
    bool fresh = false;  // age < ttl; a stale entry is still returned
};

struct KindInfo {
    std::string kind;
    std::int64_t entries = 0;
    std::int64_t payload_bytes = 0;
    double oldest_fetched_at = 0;
    double newest_fetched_at = 0;
};

/// For `aind-session cache info`.
struct Info {
    std::string path;             // the SQLite file
    std::int64_t file_bytes = 0;  // the file and its write-ahead log
    int schema_version = 0;
    std::int64_t entries = 0;
    std::int64_t payload_bytes = 0;
    std::vector<KindInfo> kinds;  // by kind name
};

/// Substrings (compared case-insensitively) that mark a credential in a key or a source.
inline constexpr std::string_view kSecretMarkers[] = {"Authorization", "X-Amz-Signature", "X-Amz-Credential",
                                                      "X-Amz-Security-Token"};

/// The schema this build writes (PRAGMA user_version).
inline constexpr int kSchemaVersion = 1;
/// The file name inside a store directory.
inline constexpr std::string_view kStoreFileName = "store.sqlite";

class Store {
public:
    /// Opens (creating it, mode 0700, file 0600) the store in directory `path_or_dir`, or the
    /// file itself when the path ends in ".sqlite". Migrates an older schema; a newer one is
    /// Error(invalid_input) saying to upgrade or to use another directory. A file that is not
    /// a database (or is corrupt) is moved aside to `<file>.corrupt-<unix time>` with a
    /// warning, and a fresh store is started. Error(invalid_input) when it cannot be opened,
    /// saying what was tried and what to do.
    static Store open(const std::string& path_or_dir, Options options = {});

    Store(Store&&) noexcept;
    Store& operator=(Store&&) noexcept;
    ~Store();

    /// The entry, fresh or stale, or nullopt when none is stored.
    std::optional<Entry> get(std::string_view kind, std::string_view key);
    /// Stores (replacing) one record, in one transaction; then evicts if over max_bytes.
    /// Error(invalid_input) when its key or source carries a credential.
    void put(const Record& record);
    /// Stores all of them in one transaction: all or nothing, even if the process dies.
    void put_many(std::span<const Record> records);
    /// Removes one entry; false when there was none.
    bool erase(std::string_view kind, std::string_view key);

    /// Removes every entry of `kind` (all kinds when empty); returns how many.
    std::int64_t clear(std::string_view kind = {});
    Info info();
    /// "ok", or what PRAGMA integrity_check found.
    std::string check();
    const std::string& path() const;
    const Options& options() const;

    struct Impl;

private:
    explicit Store(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// `$AIND_SESSION_CACHE_DIR`, else `$XDG_CACHE_HOME/aind-session`, else `~/.cache/aind-session`
/// (empty arguments count as unset). Pure, for tests and for config::Config::get().
std::string store_dir_from(std::string_view cache_dir, std::string_view xdg_cache_home, std::string_view home);
/// The same from the process environment.
std::string default_store_dir();

/// Error(invalid_input) when `text` (the `what` of a record: "key", "source") carries a
/// credential marker.
void refuse_secrets(std::string_view what, std::string_view kind, std::string_view text);

}  // namespace aind::store
