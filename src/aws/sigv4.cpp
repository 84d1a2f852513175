// src/aws/sigv4.cpp
//
// SigV4 as AWS documents it in "Create a signed AWS API request", with S3's rules (the path
// is decoded once and re-encoded keeping '/', never double-encoded; the payload hash is sent
// as x-amz-content-sha256): canonical request, string to sign, derived key, signature. Pure
// functions over strings so that the published test vectors can be checked without a clock
// or a network.
#include "aind/aws/sigv4.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <ctime>
#include <stdexcept>
#include <utility>

#include "aind/common/error.hpp"
#include "aind/common/text.hpp"
#include "aind/common/url.hpp"

namespace aind::aws {

namespace {

// Header values are trimmed and inner runs of spaces collapse to one (get-header-value-trim).
std::string trim_collapse(std::string_view value) {
    std::string out;
    bool space = false;
    for (char c : value) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out.push_back(' ');
        space = false;
        out.push_back(c);
    }
    return out;
}

bool is_signing_header(std::string_view lower_name) {
    return lower_name == "authorization" || lower_name == "x-amz-date" || lower_name == "x-amz-content-sha256" ||
           lower_name == "x-amz-security-token";
}

}  // namespace

std::string sha256_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr) != 1)
        throw Error(ErrorKind::protocol, "OpenSSL SHA-256 failed");
    return to_hex(std::string_view(reinterpret_cast<const char*>(digest), size));
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &size))
        throw Error(ErrorKind::protocol, "OpenSSL HMAC-SHA256 failed");
    return std::string(reinterpret_cast<const char*>(digest), size);
}

std::string canonical_uri(std::string_view path) {
    if (path.empty()) return "/";
    return percent_encode(percent_decode(path), /*keep_slash=*/true);
}

std::string canonical_query(std::string_view query) {
    std::vector<std::pair<std::string, std::string>> pairs;
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view part = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (part.empty()) continue;
        const std::size_t eq = part.find('=');
        const std::string_view key = part.substr(0, eq);
        const std::string_view value = eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1);
        pairs.emplace_back(percent_encode(percent_decode(key)), percent_encode(percent_decode(value)));
    }
    std::sort(pairs.begin(), pairs.end());
    std::string out;
    for (const auto& [key, value] : pairs) {
        if (!out.empty()) out.push_back('&');
        out += key;
        out.push_back('=');
        out += value;
    }
    return out;
}

std::string amz_date(std::chrono::system_clock::time_point time) {
    const std::time_t t = std::chrono::system_clock::to_time_t(time);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
    return buf;
}

Signature compute_signature(const SigningInput& input, const Credentials& credentials, std::string_view region,
                            std::string_view service, std::string_view amz_date_value) {
    if (amz_date_value.size() < 8) throw Error(ErrorKind::invalid_input, "SigV4: bad x-amz-date value");
    // Canonical headers: lower-case names, sorted, repeated names joined with ','.
    std::vector<std::pair<std::string, std::string>> headers;
    for (const auto& h : input.headers) headers.emplace_back(to_lower(trim_collapse(h.name)), trim_collapse(h.value));
    std::stable_sort(headers.begin(), headers.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string canonical_headers, signed_headers;
    for (std::size_t i = 0; i < headers.size(); ++i) {
        if (i > 0 && headers[i].first == headers[i - 1].first) {
            canonical_headers.pop_back();  // the '\n' of the previous line
            canonical_headers += "," + headers[i].second + "\n";
            continue;
        }
        canonical_headers += headers[i].first + ":" + headers[i].second + "\n";
        if (!signed_headers.empty()) signed_headers.push_back(';');
        signed_headers += headers[i].first;
    }

    Signature s;
    s.signed_headers = signed_headers;
    s.canonical_request.reserve(256);
    s.canonical_request.append(input.method).append("\n");
    s.canonical_request.append(canonical_uri(input.path)).append("\n");
    s.canonical_request.append(canonical_query(input.query)).append("\n");
    s.canonical_request.append(canonical_headers).append("\n");
    s.canonical_request.append(signed_headers).append("\n");
    s.canonical_request.append(input.payload_sha256);

    const std::string_view date = amz_date_value.substr(0, 8);
    std::string scope;
    scope.append(date).append("/").append(region).append("/").append(service).append("/aws4_request");
    s.string_to_sign = "AWS4-HMAC-SHA256\n";
    s.string_to_sign.append(amz_date_value).append("\n").append(scope).append("\n");
    s.string_to_sign += sha256_hex(s.canonical_request);

    std::string key = hmac_sha256("AWS4" + credentials.secret_access_key, date);
    key = hmac_sha256(key, region);
    key = hmac_sha256(key, service);
    key = hmac_sha256(key, "aws4_request");
    s.signature = to_hex(hmac_sha256(key, s.string_to_sign));

    s.authorization = "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + "/" + scope +
                      ", SignedHeaders=" + signed_headers + ", Signature=" + s.signature;
    return s;
}

void sign(net::Request& request, const Credentials& credentials, const SignOptions& options,
          std::chrono::system_clock::time_point now) {
    // prepare() runs before every attempt: start from the unsigned request each time.
    std::erase_if(request.headers, [](const net::Header& h) { return is_signing_header(to_lower(h.name)); });
    if (credentials.anonymous()) return;

    const UrlParts url = split_url(request.url);
    const std::string date = amz_date(now);
    const std::string payload = request.body.empty() ? std::string(kEmptyPayloadSha256) : sha256_hex(request.body);

    request.headers.push_back({"x-amz-date", date});
    if (options.content_sha256_header) request.headers.push_back({"x-amz-content-sha256", payload});
    if (!credentials.session_token.empty())
        request.headers.push_back({"x-amz-security-token", credentials.session_token});

    SigningInput input;
    input.method = request.method;
    input.path = url.path;
    input.query = url.query;
    input.payload_sha256 = payload;
    input.headers.push_back({"host", url.host});
    for (const auto& h : request.headers) {
        const std::string name = to_lower(h.name);
        // Sign what S3 cares about; hop-by-hop and curl-managed headers may change in flight.
        if (name == "host" || name == "user-agent" || name == "accept-encoding" || name == "connection" ||
            name == "expect" || name == "content-length")
            continue;
        input.headers.push_back(h);
    }
    const Signature signature = compute_signature(input, credentials, options.region, options.service, date);
    request.headers.push_back({"Authorization", signature.authorization});
}

}  // namespace aind::aws
