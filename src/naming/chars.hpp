// src/naming/chars.hpp  (private to src/naming)
//
// ASCII-only character classes: only ASCII letters and digits are token characters, so
// UTF-8 text around a name is harmless and the scanners never depend on the locale.
#pragma once

namespace aind::naming::detail {

constexpr bool is_digit(char c) noexcept { return static_cast<unsigned char>(c - '0') < 10; }
constexpr bool is_alpha(char c) noexcept { return static_cast<unsigned char>((c | 0x20) - 'a') < 26; }
constexpr bool is_token(char c) noexcept { return is_alpha(c) || is_digit(c) || c == '-'; }
constexpr bool is_path_sep(char c) noexcept { return c == '/' || c == '\\'; }
constexpr int two_digits(const char* p) noexcept { return (p[0] - '0') * 10 + (p[1] - '0'); }

}  // namespace aind::naming::detail
