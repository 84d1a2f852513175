// include/aind/common/url.hpp
//
// Percent-encoding and URL splitting, shared by the service clients (IDs, paths and JSON in
// query strings), the SigV4 signer (canonical URI and query, Host header) and the S3 listing
// reader. One encoder matters: S3 checks the signature against the URL as sent, so a key must
// be encoded the same way where the request is built and where it is signed.
#pragma once

#include <string>
#include <string_view>

namespace aind {

/// Percent-encodes every byte except RFC 3986's unreserved characters (A-Z a-z 0-9 - _ . ~),
/// with upper-case hex digits (as SigV4 requires); with keep_slash, '/' is kept too (URL paths,
/// S3 keys). Safe for a query component and for one path segment.
std::string percent_encode(std::string_view text, bool keep_slash = false);

/// Decodes %XX escapes (hex digits of either case); a '%' not followed by two hex digits is
/// kept as is. '+' stays '+' (SigV4 and URL paths never mean a space by it) unless
/// plus_as_space (form encoding, as S3 uses in EncodingType=url listings).
std::string percent_decode(std::string_view text, bool plus_as_space = false);

/// `path` without its trailing '/'s ("s3://b/x//" -> "s3://b/x", "/" -> ""): base URLs and
/// directories get "/<more>" appended, and "x/" + "/y" would name another key on S3.
std::string_view without_trailing_slashes(std::string_view path) noexcept;

/// The parts of an absolute URL that signing and host checks need.
struct UrlParts {
    std::string scheme;    // lower-case
    std::string host;      // lower-case host[:port], user info dropped, default port (80, 443) dropped:
                           // the Host header curl sends
    std::string hostname;  // host without port, and without the brackets of an IPv6 literal
    std::string path;      // as in the URL (may be percent-encoded); "/" when empty
    std::string query;     // raw, without '?'; the fragment is dropped
};

/// Splits an absolute URL ("scheme://authority/path?query#fragment"); throws
/// aind::Error(invalid_input) when there is no "://".
UrlParts split_url(std::string_view url);

/// The base URL a service setting names (`variable` is its name, for the message), by one
/// rule for every service URL (Code Ocean domain, DocDB URL, S3 endpoint):
///   - "host[:port][/path]" without a scheme means https: leaving the scheme out never sends
///     a token in clear;
///   - the scheme is http or https (http is kept when written: local stacks, proxies);
///   - a host is required; no white space, control characters, query or fragment;
///   - trailing '/'s are dropped.
/// An empty value is an error too: it must not quietly mean the public default host.
/// Throws Error(invalid_input) naming the variable and the value (its password hidden).
std::string service_base_url(std::string_view value, std::string_view variable);

/// True for "localhost", 127.0.0.0/8 and ::1: hosts a plain-http request never leaves the
/// machine for.
bool is_loopback_host(std::string_view hostname) noexcept;

}  // namespace aind
