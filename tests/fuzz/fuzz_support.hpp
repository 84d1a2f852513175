// tests/fuzz/fuzz_support.hpp
//
// What every fuzz target checks besides "no crash": a failed invariant aborts (libFuzzer and
// the replay tests both report an abort), and the only exception a parser may throw is
// aind::Error, of the kind its input calls for (protocol for a server's answer,
// invalid_input for what a user or a config file gave).
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aind/common/error.hpp"

namespace aind::fuzz {

inline void check(bool condition) {
    if (!condition) std::abort();
}

inline bool& input_is_utf8() {
    static bool valid = false;
    return valid;
}

/// The run's input as text; notes whether it is valid UTF-8 for only_errors_of_kind().
inline std::string_view input(const uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    input_is_utf8() = simdjson::validate_utf8(text.data(), text.size());
    return text;
}

/// A message about valid UTF-8 text is valid UTF-8: Python turns every message into a str,
/// and a character cut in two would raise UnicodeDecodeError instead of our error.
inline void check_message(const Error& e) {
    const std::string_view message = e.what();
    check(!input_is_utf8() || simdjson::validate_utf8(message.data(), message.size()));
}

/// Runs f(); an aind::Error of another kind than `kind` (or with a broken message), or any
/// other exception, fails the run. Returns whether f() returned normally.
template <class F>
bool only_errors_of_kind(ErrorKind kind, F&& f) {
    try {
        f();
        return true;
    } catch (const Error& e) {
        check(e.kind() == kind);
        check_message(e);
        return false;
    }  // any other exception escapes and fails the run
}

/// Splits `text` at each `separator` (n separators give n + 1 parts).
inline std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    for (std::size_t at; (at = text.find(separator)) != std::string_view::npos; text.remove_prefix(at + 1))
        parts.push_back(text.substr(0, at));
    parts.push_back(text);
    return parts;
}

/// The minified text of a JSON document, or nullopt when simdjson does not accept it: the
/// reference the parsers' answers are compared with.
inline std::optional<std::string> minified(std::string_view json) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (parser.parse(json.data(), json.size(), true).get(doc) != simdjson::SUCCESS) return std::nullopt;
    return simdjson::minify(doc);
}

}  // namespace aind::fuzz
