// src/store/sqlite_handles.hpp
//
// Move-only owners of SQLite's C handles (as src/net/curl_handles.hpp does for libcurl): each
// frees its handle exactly once, and leak() forgets one in a forked child, where closing a
// connection inherited from the parent could disturb the parent's locks. Private to src/store.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace aind::store::detail {

class Database {
public:
    Database() = default;
    explicit Database(sqlite3* handle) : handle_(handle) {}
    ~Database() {
        if (handle_) sqlite3_close_v2(handle_);
    }
    Database(Database&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
    Database& operator=(Database&& other) noexcept {
        if (this != &other) {
            if (handle_) sqlite3_close_v2(handle_);
            handle_ = std::exchange(other.handle_, nullptr);
        }
        return *this;
    }
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    sqlite3* get() const noexcept { return handle_; }
    void leak() noexcept { handle_ = nullptr; }

private:
    sqlite3* handle_ = nullptr;
};

/// A prepared statement, reset (and its bindings cleared) before each use.
class Statement {
public:
    Statement() = default;
    explicit Statement(sqlite3_stmt* handle) : handle_(handle) {}
    ~Statement() {
        if (handle_) sqlite3_finalize(handle_);
    }
    Statement(Statement&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
    Statement& operator=(Statement&& other) noexcept {
        if (this != &other) {
            if (handle_) sqlite3_finalize(handle_);
            handle_ = std::exchange(other.handle_, nullptr);
        }
        return *this;
    }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    sqlite3_stmt* get() const noexcept { return handle_; }
    void leak() noexcept { handle_ = nullptr; }

    Statement& reset() {
        sqlite3_reset(handle_);
        sqlite3_clear_bindings(handle_);
        return *this;
    }
    // SQLITE_TRANSIENT: SQLite copies the bytes, so the caller's string may go away.
    Statement& bind(int i, std::string_view text) {
        sqlite3_bind_text(handle_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& bind_blob(int i, std::string_view bytes) {
        sqlite3_bind_blob(handle_, i, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& bind(int i, double value) {
        sqlite3_bind_double(handle_, i, value);
        return *this;
    }
    Statement& bind(int i, std::int64_t value) {
        sqlite3_bind_int64(handle_, i, value);
        return *this;
    }

    std::string text(int column) const {
        const auto* p = sqlite3_column_blob(handle_, column);
        const int n = sqlite3_column_bytes(handle_, column);
        return p ? std::string(static_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
    }
    double real(int column) const { return sqlite3_column_double(handle_, column); }
    std::int64_t integer(int column) const { return sqlite3_column_int64(handle_, column); }

private:
    sqlite3_stmt* handle_ = nullptr;
};

}  // namespace aind::store::detail
