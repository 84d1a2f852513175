// tests/fuzz/fuzz_http_error.cpp
//
// A failed HTTP answer's body, on arbitrary bytes (the first two pick the status, the rest is
// the body): raise_for_status reads the server's message out of JSON, S3's XML or plain
// text, and always throws one aind::Error on one line of bounded length, whatever the body
// holds (valid UTF-8 when the body is): a hostile server must not fill a log or a terminal
// through our messages.
#include <cstdint>
#include <string>
#include <string_view>

#include "aind/net/http.hpp"
#include "fuzz_support.hpp"

namespace {

using aind::fuzz::check;

// The fixed parts (what was tried, the status, the advice) and 300 bytes of the server's text.
constexpr std::size_t kMaxMessage = 1000;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2) return 0;
    aind::net::Response response;
    response.status = 100 + (data[0] << 8 | data[1]) % 500;
    response.body = aind::fuzz::input(data + 2, size - 2);
    try {
        aind::net::raise_for_status(response, "GET https://example.org/x");
        check(response.status >= 200 && response.status < 300);
    } catch (const aind::Error& e) {
        const std::string_view message = e.what();
        check(message.size() <= kMaxMessage && message.find_first_of("\r\n") == std::string_view::npos);
        aind::fuzz::check_message(e);
    }
    return 0;
}
