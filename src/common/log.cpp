// src/common/log.cpp
//
// The sink lives behind a shared_ptr swapped under a mutex: a message copies the pointer
// and calls the sink outside the lock, so a sink may log (or be replaced) without deadlock.
#include "aind/common/log.hpp"

#include <atomic>
#include <memory>
#include <mutex>

#include "aind/common/redact.hpp"

namespace aind {
namespace {

std::mutex sink_mutex;
std::shared_ptr<const LogSink> sink;  // guarded by sink_mutex
std::atomic<bool> has_sink{false};
std::atomic<int> min_level{static_cast<int>(LogLevel::debug)};

}  // namespace

void set_log_sink(LogSink new_sink) {
    std::shared_ptr<const LogSink> next;
    if (new_sink) next = std::make_shared<const LogSink>(std::move(new_sink));
    std::lock_guard lock(sink_mutex);
    has_sink.store(next != nullptr, std::memory_order_release);
    sink.swap(next);
    // `next` (the old sink) dies here, after the swap; a message in flight holds its own copy.
}

void set_log_level(LogLevel level) { min_level.store(static_cast<int>(level), std::memory_order_relaxed); }

bool log_enabled(LogLevel level) noexcept {
    return has_sink.load(std::memory_order_acquire) &&
           static_cast<int>(level) >= min_level.load(std::memory_order_relaxed);
}

void log(LogLevel level, std::string_view logger, std::string_view message) {
    if (!log_enabled(level)) return;
    std::shared_ptr<const LogSink> current;
    {
        std::lock_guard lock(sink_mutex);
        current = sink;
    }
    if (current) {
        try {
            (*current)(level, logger, redact(message));
        } catch (...) {
            // A failing sink must never take down the transfer (or thread) that logged.
        }
    }
}

const char* to_string(LogLevel level) noexcept {
    switch (level) {
        case LogLevel::debug: return "DEBUG";
        case LogLevel::info: return "INFO";
        case LogLevel::warning: return "WARNING";
        case LogLevel::error: return "ERROR";
    }
    return "LOG";
}

}  // namespace aind
