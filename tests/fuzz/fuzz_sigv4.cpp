// tests/fuzz/fuzz_sigv4.cpp
//
// SigV4 on arbitrary requests. The input reads like an HTTP request: the method on the first
// line, the URL on the second, "name: value" header lines up to an empty line, then the body.
// Signing never crashes and throws only aind::Error(invalid_input) (a URL without "://"); it
// is deterministic, and signing an already signed request (a retry) gives the same headers;
// the canonical URI and query are fixed points of their own canonicalisation.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "aind/aws/sigv4.hpp"
#include "aind/common/text.hpp"
#include "fuzz_support.hpp"

namespace {

using aind::fuzz::check;
namespace aws = aind::aws;

const aws::Credentials kCredentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token", "",
                                    "fuzz"};
const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1440938160));  // 2015-08-30T12:36:00Z
constexpr std::string_view kScope = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-west-2/s3/aws4_request, ";

aind::net::Request request_from(std::string_view text) {
    const auto lines = aind::fuzz::split(text, '\n');
    aind::net::Request request;
    request.method = std::string(lines[0]);
    if (lines.size() > 1) request.url = std::string(lines[1]);
    std::size_t i = 2;
    for (; i < lines.size() && !lines[i].empty(); ++i) {
        const std::size_t colon = lines[i].find(':');
        request.headers.push_back({std::string(lines[i].substr(0, colon)),
                                   colon == std::string_view::npos ? "" : std::string(lines[i].substr(colon + 1))});
    }
    for (std::size_t body = i + 1; body < lines.size(); ++body)
        request.body.append(lines[body]).append(body + 1 < lines.size() ? "\n" : "");
    return request;
}

bool same_headers(const aind::net::Request& a, const aind::net::Request& b) {
    if (a.headers.size() != b.headers.size()) return false;
    for (std::size_t i = 0; i < a.headers.size(); ++i)
        if (a.headers[i].name != b.headers[i].name || a.headers[i].value != b.headers[i].value) return false;
    return true;
}

void check_authorization(const aind::net::Request& request) {
    const std::string& authorization = request.headers.back().value;
    check(request.headers.back().name == "Authorization" && authorization.starts_with(kScope));
    const std::size_t signature = authorization.rfind(", Signature=");
    check(signature != std::string::npos && authorization.size() == signature + 12 + 64);
    check(authorization.find_first_not_of("0123456789abcdef", signature + 12) == std::string::npos);
}

// The pure computation on the raw path and query (no URL parsing in between).
void check_compute_signature(const aind::net::Request& request) {
    const std::string_view target = request.url;
    const std::size_t question = target.find('?');
    aws::SigningInput input;
    input.method = request.method;
    input.path = target.substr(0, question);
    input.query = question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
    input.headers = request.headers;
    const aws::Signature s = aws::compute_signature(input, kCredentials, "us-west-2", "s3", "20150830T123600Z");
    check(s.signed_headers == aind::to_lower(s.signed_headers) && s.signature.size() == 64);
    const std::string uri = aws::canonical_uri(input.path), query = aws::canonical_query(input.query);
    check(aws::canonical_uri(uri) == uri && aws::canonical_query(query) == query);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text = aind::fuzz::input(data, size);
    const aind::net::Request unsigned_request = request_from(text);
    check_compute_signature(unsigned_request);

    aind::net::Request first = unsigned_request, second = unsigned_request;
    const bool signed_ok = aind::fuzz::only_errors_of_kind(aind::ErrorKind::invalid_input, [&] {
        aws::sign(first, kCredentials, {}, kNow);
        aws::sign(second, kCredentials, {}, kNow);
    });
    if (!signed_ok) return 0;
    check(same_headers(first, second));
    check_authorization(first);
    aws::sign(second, kCredentials, {}, kNow);  // a retry re-signs the signed request
    check(same_headers(first, second));

    aind::net::Request anonymous = unsigned_request;
    aws::sign(anonymous, aws::Credentials{}, {}, kNow);
    for (const auto& h : anonymous.headers) check(!aind::iequals(h.name, "authorization"));
    return 0;
}
