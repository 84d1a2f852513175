// include/aind/common/log.hpp
//
// The engine's one logging hook. The core never writes to a terminal by itself: a front
// installs a sink (the CLI one writes to stderr, the Python one forwards to `logging`), and
// without a sink messages are dropped before they are even formatted (log_enabled()).
// Levels use Python logging's numbers so the Python front can pass them through unchanged.
#pragma once

#include <functional>
#include <string_view>

namespace aind {

enum class LogLevel : int { debug = 10, info = 20, warning = 30, error = 40 };

/// Receives every message at or above the minimum level. Called from any thread (often the
/// HTTP I/O thread), so it must be thread-safe and must not block for long.
using LogSink = std::function<void(LogLevel level, std::string_view logger, std::string_view message)>;

/// Installs `sink` (an empty function removes it). Thread-safe.
void set_log_sink(LogSink sink);
/// Messages below `level` are dropped (default: debug, i.e. the sink decides).
void set_log_level(LogLevel level);
/// True when a sink is installed and `level` passes: check it before building a costly message.
bool log_enabled(LogLevel level) noexcept;
/// Sends one message to the sink, if any. `logger` is a dotted name ("aind_session.net").
void log(LogLevel level, std::string_view logger, std::string_view message);

const char* to_string(LogLevel level) noexcept;

}  // namespace aind
