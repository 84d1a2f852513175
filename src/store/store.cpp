// src/store/store.cpp
//
// Reading and writing entries, and eviction. Every write is one BEGIN IMMEDIATE transaction
// holding the rows and the eviction they cause; a read is one SELECT, and writes only when
// the entry's last use is older than Options::touch_interval_seconds (a reader that never
// writes never waits for a writer, in WAL mode).
#include <algorithm>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "aind/common/log.hpp"
#include "store_impl.hpp"

namespace aind::store {
namespace {

constexpr std::string_view kSelect =
    "SELECT value, fetched_at, source, negative, last_used, id FROM entries WHERE kind = ?1 AND key = ?2";
constexpr std::string_view kUpsert =
    "INSERT INTO entries(kind, key, value, fetched_at, source, negative, last_used, size) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(kind, key) DO UPDATE SET value = excluded.value, "
    "fetched_at = excluded.fetched_at, source = excluded.source, negative = excluded.negative, "
    "last_used = excluded.last_used, size = excluded.size";
constexpr std::string_view kTouch = "UPDATE entries SET last_used = ?2 WHERE id = ?1";
constexpr std::string_view kTotal = "SELECT payload_bytes FROM totals";
constexpr std::string_view kOldest = "SELECT id, size FROM entries ORDER BY last_used, id";
constexpr std::string_view kDeleteId = "DELETE FROM entries WHERE id = ?1";
constexpr std::string_view kDeleteKey = "DELETE FROM entries WHERE kind = ?1 AND key = ?2";

void check_record(const Record& r) {
    if (r.kind.empty()) throw Error(ErrorKind::invalid_input, "a cache entry needs a kind");
    refuse_secrets("key", r.kind, r.key);
    refuse_secrets("source", r.kind, r.source);
}

std::int64_t size_of(const Record& r) {
    return static_cast<std::int64_t>(r.kind.size() + r.key.size() + r.value.size() + r.source.size());
}

// Refreshing last use is best-effort and must not make a read wait: with the write lock
// taken elsewhere it is skipped (busy timeout 0), and the next read tries again.
void touch(Store::Impl& impl, std::int64_t id, double now) {
    sqlite3_busy_timeout(impl.db.get(), 0);
    try {
        auto& s = impl.statement(kTouch);
        s.bind(1, id).bind(2, now);
        impl.step(s, "recording a use");
    } catch (const Error& e) {
        log(LogLevel::debug, "aind_session.store", std::string("last use not recorded: ") + e.what());
    }
    sqlite3_busy_timeout(impl.db.get(), impl.options.busy_timeout_ms);
}

std::int64_t total_bytes(Store::Impl& impl) {
    auto& s = impl.statement(kTotal);
    const std::int64_t total = impl.step(s, "reading the cache size") ? s.integer(0) : 0;
    s.reset();
    return total;
}

// Least recently used first, down to 90% of the bound, so that a full store does not evict
// on every write. Runs inside the writer's transaction.
void evict_if_needed(Store::Impl& impl) {
    const std::int64_t max_bytes = impl.options.max_bytes;
    std::int64_t total = total_bytes(impl);
    if (total <= max_bytes) return;
    const std::int64_t target = max_bytes - max_bytes / 10;
    std::vector<std::int64_t> victims;
    auto& oldest = impl.statement(kOldest);
    while (total > target && impl.step(oldest, "choosing entries to evict")) {
        victims.push_back(oldest.integer(0));
        total -= oldest.integer(1);
    }
    oldest.reset();
    for (const std::int64_t id : victims) {
        auto& s = impl.statement(kDeleteId);
        s.bind(1, id);
        impl.step(s, "evicting an entry");
    }
    log(LogLevel::debug, "aind_session.store", "evicted " + std::to_string(victims.size()) + " entries");
}

}  // namespace

double system_now() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::optional<Entry> Store::get(std::string_view kind, std::string_view key) {
    std::lock_guard lock(impl_->mutex);
    impl_->connection();
    auto& s = impl_->statement(kSelect);
    s.bind(1, kind).bind(2, key);
    if (!impl_->step(s, "reading an entry")) return std::nullopt;
    Entry entry;
    entry.record = Record{std::string(kind), std::string(key), s.text(0), s.text(2), s.integer(3) != 0, s.real(1)};
    const double last_used = s.real(4);
    const std::int64_t id = s.integer(5);
    s.reset();
    const double now = impl_->options.clock();
    entry.age = std::max(0.0, now - *entry.record.fetched_at);
    entry.ttl = impl_->options.ttl.of(kind, entry.record.negative);
    entry.fresh = entry.age < entry.ttl;
    if (now - last_used >= impl_->options.touch_interval_seconds) touch(*impl_, id, now);
    return entry;
}

void Store::put(const Record& record) { put_many(std::span<const Record>(&record, 1)); }

void Store::put_many(std::span<const Record> records) {
    for (const Record& r : records) check_record(r);
    std::lock_guard lock(impl_->mutex);
    impl_->connection();
    const double now = impl_->options.clock();
    Transaction transaction(*impl_);
    for (const Record& r : records) {
        auto& s = impl_->statement(kUpsert);
        s.bind(1, r.kind).bind(2, r.key).bind_blob(3, r.value).bind(4, r.fetched_at.value_or(now));
        s.bind(5, r.source).bind(6, std::int64_t{r.negative}).bind(7, now).bind(8, size_of(r));
        impl_->step(s, "writing an entry");
    }
    evict_if_needed(*impl_);
    transaction.commit();
}

bool Store::erase(std::string_view kind, std::string_view key) {
    std::lock_guard lock(impl_->mutex);
    impl_->connection();
    auto& s = impl_->statement(kDeleteKey);
    s.bind(1, kind).bind(2, key);
    impl_->step(s, "removing an entry");
    return sqlite3_changes(impl_->db.get()) > 0;
}

}  // namespace aind::store
