// include/aind/common/text.hpp
//
// The small text helpers every area needs: trimming header values, INI and .env lines,
// comparing HTTP header names, lower-casing SigV4 header names, hex digests. Written once so
// that "white space", "case-insensitive" and "hex digit" mean the same thing in the HTTP
// engine, the AWS signer and the configuration readers.
//
// ASCII only, never the C locale: these texts are protocol text (header names, hosts, keys
// of config files), and the Python front may have set a locale in which std::isspace or
// std::tolower treat bytes above 0x7F differently.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace aind {

/// ' ', '\t', '\n', '\v', '\f' and '\r': what std::isspace accepts in the "C" locale.
constexpr bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/// `text` without leading and trailing white space (is_space); a view into `text`.
std::string_view trim(std::string_view text) noexcept;

/// ASCII case-insensitive equality ("Retry-After" == "retry-after").
bool iequals(std::string_view a, std::string_view b) noexcept;

/// True when `needle` occurs in `haystack`, ASCII case-insensitively (no copy of either).
bool icontains(std::string_view haystack, std::string_view needle) noexcept;

/// A copy with A-Z lower-cased; other bytes unchanged.
std::string to_lower(std::string_view text);

/// Lower-case hex of every byte ("\x01\xab" -> "01ab"), as SigV4 and SHA-256 digests are written.
std::string to_hex(std::string_view bytes);

/// The length of the valid UTF-8 sequence starting at text[i], or 0 when there is none
/// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), as Python decodes.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) noexcept;

/// At most `max_bytes` of `text` for quoting in a message: cut at a character boundary, with
/// "… (N bytes)" when cut, and every byte that is not part of valid UTF-8 shown as '?'.
/// Servers' text and user input end up in messages; a megabyte of it must not, and the
/// Python front can only raise valid UTF-8.
std::string excerpt(std::string_view text, std::size_t max_bytes = 120);

/// excerpt() in double quotes: how messages show the text they could not use.
std::string quoted_excerpt(std::string_view text, std::size_t max_bytes = 200);

/// The value of one hex digit (0-9, a-f, A-F), or -1 when `c` is not one.
int hex_value(char c) noexcept;

}  // namespace aind
