// src/net/transfer.hpp
//
// One request on its way through the engine, and the libcurl callbacks that fill its
// Response. A Transfer lives on the heap from submit() until its promise is fulfilled; curl
// holds a raw pointer to it (CURLOPT_PRIVATE and the callbacks' user data) only while its easy
// handle is in the multi handle, and the I/O thread alone touches it meanwhile, so the
// callbacks need no locking. Private to src/net.
#pragma once

#include <curl/curl.h>

#include <atomic>
#include <chrono>
#include <future>
#include <optional>
#include <string_view>

#include "aind/common/text.hpp"
#include "aind/net/http.hpp"
#include "aind/net/limits.hpp"
#include "curl_handles.hpp"

namespace aind::net::detail {

using Clock = std::chrono::steady_clock;

struct Transfer {
    Request request;
    Limits limits;  // of the submitting thread's call (total_timeout and cancel also copied into `request`)
    std::promise<Response> promise;
    Response response;
    std::optional<CurlEasy> easy;  // one per attempt; empty between attempts
    CurlSlist headers;
    bool begun = false;          // the first attempt was due (started and deadline are set)
    Clock::time_point started;   // of the first attempt
    Clock::time_point deadline;  // started + request.total_timeout
    Clock::time_point due;       // when a waiting attempt (a retry, or one held by a host's pause) may start
    char error_buffer[CURL_ERROR_SIZE] = {};
    bool too_large = false;  // the body passed limits.max_response_bytes: on_body stopped it
    bool cancelled() const { return request.cancel && request.cancel->load(std::memory_order_relaxed); }
};

// CURLOPT_WRITEFUNCTION: the body, appended as it arrives (decompressed: the bound is on
// what we would hold in memory, not on what crossed the wire).
inline size_t on_body(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t n = size * count;
    if (t->response.body.size() + n > t->limits.max_response_bytes) {
        t->too_large = true;
        return 0;  // not n: curl stops the transfer with CURLE_WRITE_ERROR
    }
    t->response.body.append(data, n);
    return n;
}

// CURLOPT_HEADERFUNCTION: one header line at a time, status line included.
inline size_t on_header(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    std::string_view line(data, size * count);
    if (line.starts_with("HTTP/")) {
        // A new response begins (after a redirect or a 100 Continue): forget the last one's headers.
        t->response.headers.clear();
    } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
        t->response.headers.push_back(
            Header{std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1)))});
    }
    return size * count;
}

// CURLOPT_XFERINFOFUNCTION, installed only for requests with a CancelToken.
inline int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    // Non-zero aborts the transfer with CURLE_ABORTED_BY_CALLBACK.
    return static_cast<Transfer*>(user)->cancelled() ? 1 : 0;
}

}  // namespace aind::net::detail
