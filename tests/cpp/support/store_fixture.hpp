// tests/cpp/support/store_fixture.hpp
//
// What the store tests share: a temporary directory, a clock the test moves by hand (no
// sleeps), and raw SQLite access to shape or inspect a file behind the store's back.
#pragma once

#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "aind/store/store.hpp"

namespace aind_test {

struct StoreDir {
    std::filesystem::path path;
    StoreDir() {
        char pattern[] = "/tmp/aind-store-test-XXXXXX";
        path = mkdtemp(pattern);
    }
    ~StoreDir() { std::filesystem::remove_all(path); }
    std::string file() const { return (path / "store.sqlite").string(); }
};

/// A clock the test sets; copies of the Clock share it.
struct ManualClock {
    std::shared_ptr<double> now = std::make_shared<double>(1'700'000'000.0);
    aind::store::Clock clock() const {
        return [now = now] { return *now; };
    }
    void advance(double seconds) { *now += seconds; }
};

/// Runs SQL on the file directly; returns the first column of the first row ("" if none).
inline std::string raw_sql(const std::string& file, const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(file.c_str(), &db);
    sqlite3_stmt* stmt = nullptr;
    std::string first;
    const char* tail = sql.c_str();
    while (tail && *tail) {
        if (sqlite3_prepare_v2(db, tail, -1, &stmt, &tail) != SQLITE_OK || !stmt) break;
        if (sqlite3_step(stmt) == SQLITE_ROW && first.empty() && sqlite3_column_text(stmt, 0))
            first = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return first;
}

}  // namespace aind_test
