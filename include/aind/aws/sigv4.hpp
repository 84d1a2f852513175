// include/aind/aws/sigv4.hpp
//
// AWS Signature Version 4 on OpenSSL 3 (EVP SHA-256, HMAC). Our own signer because the
// libcurl in Debian 12 (7.88.1) neither sorts query parameters nor encodes values the way
// S3 expects, and ListObjectsV2 always sends several of both.
//
// Paths are canonicalised S3-style: the URL path is percent-decoded once and re-encoded
// keeping '/', so an already-encoded key is never double-encoded.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "aind/aws/credentials.hpp"
#include "aind/net/http.hpp"

namespace aind::aws {

/// SHA-256 of the empty string: the payload hash of every GET and HEAD.
inline constexpr std::string_view kEmptyPayloadSha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

std::string sha256_hex(std::string_view data);
/// Raw 32-byte HMAC-SHA256 of data under key.
std::string hmac_sha256(std::string_view key, std::string_view data);

/// The canonical URI of a URL path: decoded once, encoded keeping '/', "/" when empty.
std::string canonical_uri(std::string_view path);
/// The canonical query of a raw query string: pairs decoded, re-encoded, sorted by key then
/// value; a key without a value becomes "key=".
std::string canonical_query(std::string_view query);
/// "YYYYMMDDTHHMMSSZ" in UTC.
std::string amz_date(std::chrono::system_clock::time_point time);

/// Everything the signature depends on, already split out of a request.
struct SigningInput {
    std::string_view method;
    std::string_view path;             // URL path as sent (may be percent-encoded)
    std::string_view query;            // raw query string without '?'
    std::vector<net::Header> headers;  // must include host and x-amz-date; all are signed
    std::string_view payload_sha256 = kEmptyPayloadSha256;
};

struct Signature {
    std::string canonical_request;
    std::string string_to_sign;
    std::string signed_headers;  // "host;x-amz-date"
    std::string signature;       // hex
    std::string authorization;   // the Authorization header value
};

/// The pure SigV4 computation (no clock, no I/O): what the test vectors check.
/// `amz_date_value` is the x-amz-date value; its first 8 characters are the scope date.
Signature compute_signature(const SigningInput& input, const Credentials& credentials, std::string_view region,
                            std::string_view service, std::string_view amz_date_value);

struct SignOptions {
    std::string region = "us-west-2";
    std::string service = "s3";
    /// S3 requires x-amz-content-sha256; other services (execute-api) do not sign it.
    bool content_sha256_header = true;
};

/// Signs a request in place for this attempt: drops any previous signing headers, adds
/// x-amz-date, x-amz-content-sha256 (S3), x-amz-security-token (session credentials) and
/// Authorization. Host comes from the URL (aind::split_url: with the port when it is not the
/// default).
/// Anonymous credentials leave the request unsigned. Meant to run from Request::prepare
/// so that each retry carries a fresh date.
void sign(net::Request& request, const Credentials& credentials, const SignOptions& options,
          std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace aind::aws
