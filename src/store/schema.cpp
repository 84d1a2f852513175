// src/store/schema.cpp
//
// The schema and its migrations. PRAGMA user_version is the schema version; kMigrations[v]
// takes a file from version v to v + 1, and every step runs in the one transaction that also
// sets the new version, so a migration is done completely or not at all, and two processes
// opening an old file at once migrate it once (the second finds the new version once it has
// the write lock).
//
// Version 0 is a file with no schema (just created), or the prototype layout, one table
// `cache(kind, key, value, fetched_at)`, whose rows are carried over.
#include <iterator>
#include <string>

#include "store_impl.hpp"

namespace aind::store::detail {
namespace {

// Sizes are kept per entry and summed by triggers in `totals`, so eviction never has to scan
// the table to learn how big the store is. UPSERTs (not INSERT OR REPLACE, whose implicit
// delete fires no trigger) keep the sum exact.
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE entries(
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    value BLOB NOT NULL,
    fetched_at REAL NOT NULL,
    source TEXT NOT NULL,
    negative INTEGER NOT NULL,
    last_used REAL NOT NULL,
    size INTEGER NOT NULL,
    UNIQUE(kind, key));
CREATE INDEX entries_by_last_used ON entries(last_used);
CREATE TABLE totals(id INTEGER PRIMARY KEY CHECK (id = 1), payload_bytes INTEGER NOT NULL);
INSERT INTO totals VALUES (1, 0);
CREATE TRIGGER entries_inserted AFTER INSERT ON entries
    BEGIN UPDATE totals SET payload_bytes = payload_bytes + new.size; END;
CREATE TRIGGER entries_deleted AFTER DELETE ON entries
    BEGIN UPDATE totals SET payload_bytes = payload_bytes - old.size; END;
CREATE TRIGGER entries_resized AFTER UPDATE OF size ON entries
    BEGIN UPDATE totals SET payload_bytes = payload_bytes - old.size + new.size; END;
)sql";

constexpr std::string_view kCarryOverV0 = R"sql(
INSERT INTO entries(kind, key, value, fetched_at, source, negative, last_used, size)
    SELECT kind, key, CAST(value AS BLOB), fetched_at, '', 0, fetched_at,
           length(CAST(kind AS BLOB)) + length(CAST(key AS BLOB)) + length(CAST(value AS BLOB))
    FROM cache WHERE kind IS NOT NULL AND key IS NOT NULL AND value IS NOT NULL AND fetched_at IS NOT NULL;
DROP TABLE cache;
)sql";

bool has_table(Store::Impl& impl, std::string_view name) {
    auto& s = impl.statement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
    s.bind(1, name);
    const bool found = impl.step(s, "reading the schema");
    s.reset();
    return found;
}

void migrate_0_to_1(Store::Impl& impl) {
    impl.exec(kSchemaV1, "creating the schema");
    if (has_table(impl, "cache")) impl.exec(kCarryOverV0, "carrying over the entries of schema version 0");
}

using Migration = void (*)(Store::Impl&);
constexpr Migration kMigrations[] = {migrate_0_to_1};
static_assert(std::size(kMigrations) == kSchemaVersion, "one migration per schema version");

Error newer_schema(const Store::Impl& impl, int version) {
    return Error(ErrorKind::invalid_input,
                 "the cache " + impl.path + " was written by a newer aind-session (schema version " +
                     std::to_string(version) + "; this one reads up to " + std::to_string(kSchemaVersion) +
                     "): upgrade aind-session, or set AIND_SESSION_CACHE_DIR to another directory");
}

}  // namespace

void migrate(Store::Impl& impl) {
    int version = impl.schema_version();
    if (version == kSchemaVersion) return;
    if (version > kSchemaVersion) throw newer_schema(impl, version);
    Transaction transaction(impl);
    version = impl.schema_version();  // another process may have migrated while we waited
    if (version > kSchemaVersion) throw newer_schema(impl, version);
    if (version == kSchemaVersion) return;
    for (; version < kSchemaVersion; ++version) kMigrations[version](impl);
    impl.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion), "setting the schema version");
    transaction.commit();
}

}  // namespace aind::store::detail
