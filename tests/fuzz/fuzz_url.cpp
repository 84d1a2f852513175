// tests/fuzz/fuzz_url.cpp
//
// The URL helpers every client and the signer share, on arbitrary bytes: percent-decoding
// undoes percent-encoding (with and without '/' kept, '+' read either way), encoding emits
// only what it promises, split_url either refuses a text without "://" or returns parts of
// the promised shape, and without_trailing_slashes drops exactly the trailing '/'s.
#include <cstdint>
#include <string>
#include <string_view>

#include "aind/common/url.hpp"
#include "fuzz_support.hpp"

namespace {

using aind::fuzz::check;

bool is_unreserved(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == '~';
}

bool is_upper_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); }

void check_encoding(std::string_view text, bool keep_slash) {
    const std::string encoded = aind::percent_encode(text, keep_slash);
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        const char c = encoded[i];
        if (c == '%') {
            check(i + 2 < encoded.size() && is_upper_hex(encoded[i + 1]) && is_upper_hex(encoded[i + 2]));
            i += 2;
        } else {
            check(is_unreserved(c) || (keep_slash && c == '/'));
        }
    }
    check(aind::percent_decode(encoded) == text);
    check(aind::percent_decode(encoded, /*plus_as_space=*/true) == text);  // '+' was encoded: no space appears
    check(aind::percent_encode(aind::percent_decode(encoded), keep_slash) == encoded);
}

bool has_upper(std::string_view s) { return s.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string_view::npos; }

void check_split(std::string_view url) {
    const bool absolute = url.find("://") != std::string_view::npos;
    aind::UrlParts parts;
    const bool split =
        aind::fuzz::only_errors_of_kind(aind::ErrorKind::invalid_input, [&] { parts = aind::split_url(url); });
    check(split == absolute);
    if (!split) return;
    check(!has_upper(parts.scheme) && !has_upper(parts.host));
    check(parts.host.find_first_of("/?#@") == std::string::npos);
    check(parts.host.find(parts.hostname) != std::string::npos);
    check(!parts.path.empty() && parts.path.front() == '/' && parts.path.find_first_of("?#") == std::string::npos);
    check(parts.query.find('#') == std::string::npos);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text = aind::fuzz::input(data, size);
    check_encoding(text, false);
    check_encoding(text, true);
    check(aind::percent_decode(text).size() <= text.size());
    check(aind::percent_decode(text, true).size() <= text.size());

    const std::string_view trimmed = aind::without_trailing_slashes(text);
    check(text.starts_with(trimmed) && !trimmed.ends_with('/'));
    check(text.substr(trimmed.size()).find_first_not_of('/') == std::string_view::npos);

    check_split(text);
    return 0;
}
