// src/common/url.cpp
#include "aind/common/url.hpp"

#include "aind/common/error.hpp"
#include "aind/common/text.hpp"

namespace aind {
namespace {

constexpr bool is_unreserved(unsigned char c) noexcept {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == '~';
}

// "host:port" -> "host", "[v6]:port" -> "v6". A colon inside the brackets is not a port.
std::string_view without_port(std::string_view host) {
    if (!host.empty() && host.front() == '[') return host.substr(1, host.find(']') - 1);
    return host.substr(0, host.find(':'));
}

}  // namespace

std::string percent_encode(std::string_view text, bool keep_slash) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size() * 3);
    for (unsigned char c : text) {
        if (is_unreserved(c) || (keep_slash && c == '/')) {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kDigits[c >> 4]);
            out.push_back(kDigits[c & 0xF]);
        }
    }
    return out;
}

std::string percent_decode(std::string_view text, bool plus_as_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+' && plus_as_space) {
            out.push_back(' ');
            continue;
        }
        if (c == '%' && i + 2 < text.size()) {
            const int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.push_back(c);
    }
    return out;
}

std::string_view without_trailing_slashes(std::string_view path) noexcept {
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    return path;
}

UrlParts split_url(std::string_view url) {
    UrlParts parts;
    const std::size_t scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos)
        throw Error(ErrorKind::invalid_input, "not an absolute URL: " + std::string(url));
    parts.scheme = to_lower(url.substr(0, scheme_end));
    std::string_view rest = url.substr(scheme_end + 3);
    const std::size_t fragment = rest.find('#');
    if (fragment != std::string_view::npos) rest = rest.substr(0, fragment);
    const std::size_t path_start = rest.find_first_of("/?");
    std::string_view authority = rest.substr(0, path_start);
    rest = path_start == std::string_view::npos ? std::string_view() : rest.substr(path_start);
    if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority = authority.substr(at + 1);
    std::string host = to_lower(authority);
    // Drop a default port: curl sends Host without it, and a signature must match what is sent.
    const std::size_t colon = host.rfind(':');
    if (colon != std::string::npos && host.find(']', colon) == std::string::npos) {
        const std::string port = host.substr(colon + 1);
        if ((parts.scheme == "http" && port == "80") || (parts.scheme == "https" && port == "443") || port.empty())
            host.erase(colon);
    }
    parts.host = host;
    parts.hostname = std::string(without_port(parts.host));
    const std::size_t q = rest.find('?');
    parts.path = std::string(rest.substr(0, q));
    if (parts.path.empty()) parts.path = "/";
    if (q != std::string_view::npos) parts.query = std::string(rest.substr(q + 1));
    return parts;
}

}  // namespace aind
