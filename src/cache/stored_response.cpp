// src/cache/stored_response.cpp
#include "stored_response.hpp"

#include <charconv>

#include "aind/common/text.hpp"

namespace aind::cache::detail {
namespace {

// What the service clients read from a response besides its body (S3's object metadata).
constexpr std::string_view kKeptHeaders[] = {"content-type", "content-length", "content-range",
                                             "etag",         "last-modified",  "x-amz-bucket-region"};

bool kept(std::string_view name) {
    for (std::string_view k : kKeptHeaders)
        if (iequals(name, k)) return true;
    return false;
}

}  // namespace

std::string encode(const net::Response& response) {
    std::string out = std::to_string(response.status) + "\n";
    for (const net::Header& h : response.headers)
        if (kept(h.name)) out += h.name + ": " + h.value + "\n";
    out += "\n";
    out += response.body;
    return out;
}

std::optional<net::Response> decode(std::string_view value) {
    net::Response r;
    size_t eol = value.find('\n');
    if (eol == std::string_view::npos) return std::nullopt;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + eol, r.status);
    if (ec != std::errc() || end != value.data() + eol || r.status < 100 || r.status > 599) return std::nullopt;
    size_t pos = eol + 1;
    while (true) {
        eol = value.find('\n', pos);
        if (eol == std::string_view::npos) return std::nullopt;
        if (eol == pos) break;  // the blank line before the body
        const std::string_view line = value.substr(pos, eol - pos);
        const size_t colon = line.find(": ");
        if (colon == std::string_view::npos) return std::nullopt;
        r.headers.push_back({std::string(line.substr(0, colon)), std::string(line.substr(colon + 2))});
        pos = eol + 1;
    }
    r.body.assign(value.substr(eol + 1));
    r.attempts = 0;  // no request was sent
    return r;
}

}  // namespace aind::cache::detail
