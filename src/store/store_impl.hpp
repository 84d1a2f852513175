// src/store/store_impl.hpp
//
// What the store's source files share: the connection with its cached statements, how SQLite
// failures become aind::Errors, transactions, and the schema. Private to src/store.
#pragma once

#include <sys/types.h>

#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "aind/common/error.hpp"
#include "aind/store/store.hpp"
#include "sqlite_handles.hpp"

namespace aind::store {

// One connection per Store behind a mutex, not one per thread: a store operation takes
// microseconds next to the request it saves (tens of milliseconds at least), prepared
// statements belong to one connection, and other processes still read while one writes
// (WAL). Every member function below expects `mutex` to be held.
struct Store::Impl {
    std::string path;  // the SQLite file
    Options options;
    std::mutex mutex;
    pid_t pid = 0;  // the process that opened `db`
    detail::Database db;
    std::map<std::string, detail::Statement, std::less<>> statements;  // by SQL text

    /// The connection, reopened first in a forked child (the parent's is leaked there: it
    /// must not be used or closed across fork()).
    sqlite3* connection();
    /// The prepared statement for `sql` (prepared once per connection), reset.
    detail::Statement& statement(std::string_view sql);
    /// Runs SQL without results (pragmas, DDL, transaction control).
    void exec(std::string_view sql, std::string_view doing);
    /// Steps `s`: true for a row, false when done; throws on failure.
    bool step(detail::Statement& s, std::string_view doing);
    /// The aind::Error for SQLite's `rc` while `doing` something with this store.
    Error error(int rc, std::string_view doing);
    /// Opens `path` and brings its schema to kSchemaVersion (schema.cpp).
    void open_connection();
    /// The schema version of the open file.
    int schema_version();
    /// The primary result code of the last failure (SQLITE_NOTADB tells open() to start over).
    int last_rc = SQLITE_OK;
};

/// BEGIN IMMEDIATE ... COMMIT: the write lock is taken at the start, so two writers never
/// deadlock upgrading read locks (which busy_timeout cannot resolve), and a transaction not
/// committed (an exception, a killed process) leaves nothing behind.
class Transaction {
public:
    explicit Transaction(Store::Impl& impl) : impl_(impl) { impl_.exec("BEGIN IMMEDIATE", "starting a write"); }
    ~Transaction() {
        if (!done_) sqlite3_exec(impl_.db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit() {
        impl_.exec("COMMIT", "committing a write");
        done_ = true;
    }

private:
    Store::Impl& impl_;
    bool done_ = false;
};

namespace detail {

/// Brings an open database to kSchemaVersion in one transaction (schema.cpp); a newer
/// version is Error(invalid_input).
void migrate(Store::Impl& impl);

}  // namespace detail
}  // namespace aind::store
