// src/common/url.cpp
#include "aind/common/url.hpp"

#include <algorithm>

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

bool is_host_char(char c) noexcept {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_';
}

// "" when `authority` ([user[:password]@]host[:port]) names a host, else why not.
std::string authority_problem(std::string_view authority) {
    if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
    std::string_view host = authority, port;
    if (!host.empty() && host.front() == '[') {
        const std::size_t close = host.find(']');
        if (close == std::string_view::npos) return "an IPv6 host without its closing ']'";
        port = host.substr(close + 1);
        host = host.substr(1, close - 1);
        if (host.empty() || host.find_first_not_of("0123456789abcdefABCDEF:.") != std::string_view::npos)
            return "a malformed IPv6 host";
        if (!port.empty() && port.front() != ':') return "text after the IPv6 host";
        if (!port.empty()) port.remove_prefix(1);
    } else if (const std::size_t colon = host.find(':'); colon != std::string_view::npos) {
        port = host.substr(colon + 1);
        host = host.substr(0, colon);
        if (port.empty()) return "a ':' without a port";
    }
    if (host.empty()) return "no host";
    const bool ipv6 = authority.front() == '[';  // its characters were checked above
    if (!ipv6 && !std::all_of(host.begin(), host.end(), is_host_char))
        return "a host name with characters no host name has";
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos)
        return "a port that is not a number";
    return "";
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

std::string service_base_url(std::string_view value, std::string_view variable) {
    auto fail = [&](std::string_view why) -> Error {
        return Error(ErrorKind::invalid_input, std::string(variable) + "=\"" + excerpt(value) +
                                                   "\" is not a usable URL: " + std::string(why) +
                                                   ". Set it to a URL like https://host[:port], or unset it for the "
                                                   "default.");
    };
    if (value.empty()) throw fail("it is empty");
    for (char c : value)
        if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F)
            throw fail("it contains white space, control or non-ASCII characters");
    std::string url(value);
    if (const std::size_t scheme_end = url.find("://"); scheme_end == std::string::npos) {
        url = "https://" + url;
    } else {
        const std::string scheme = to_lower(std::string_view(url).substr(0, scheme_end));
        if (scheme != "https" && scheme != "http") throw fail("the scheme must be https (or http)");
        url = scheme + url.substr(scheme_end);
    }
    const std::size_t authority_start = url.find("://") + 3;
    if (url.find_first_of("?#", authority_start) != std::string::npos) throw fail("it has a query or fragment");
    const std::size_t path_start = url.find('/', authority_start);
    const std::string problem = authority_problem(std::string_view(url).substr(
        authority_start, path_start == std::string::npos ? std::string::npos : path_start - authority_start));
    if (!problem.empty()) throw fail("it has " + problem);
    return std::string(without_trailing_slashes(url));
}

bool is_loopback_host(std::string_view hostname) noexcept {
    const bool ipv4_loopback =
        hostname.starts_with("127.") && hostname.find_first_not_of("0123456789.") == std::string_view::npos;
    return ipv4_loopback || iequals(hostname, "localhost") || hostname == "::1" || hostname == "[::1]";
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
